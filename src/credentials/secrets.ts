// Every form in which a secret can show up: raw, as user:secret, base64'd for a Basic
// header, percent-encoded in a URL. All are masked and redacted, not only the raw one.

function forms(user: string, secret: string): string[] {
  const pair = `${user}:${secret}`
  const encoded = encodeURIComponent(secret)
  const encodedPair = `${encodeURIComponent(user)}:${encoded}`
  return [
    secret,
    pair,
    Buffer.from(pair).toString('base64'),
    Buffer.from(pair).toString('base64url'),
    encoded,
    encodedPair,
    Buffer.from(secret).toString('base64')
  ]
}

/** The secret forms to mask, longest first so that redaction never leaves a tail of one. */
export function secretForms(pairs: { user: string; secret: string }[]): string[] {
  const all = new Set<string>()
  for (const p of pairs) for (const f of forms(p.user, p.secret)) if (f.length >= 4) all.add(f)
  return [...all].sort((a, b) => b.length - a.length)
}

export class Redactor {
  constructor(private readonly secrets: string[] = []) {}

  redact(text: string): string {
    let out = text
    for (const s of this.secrets) out = out.split(s).join('***')
    return out
  }

  /** A deep copy of a JSON-able value with every string redacted. */
  redactValue<T>(value: T): T {
    if (this.secrets.length === 0) return value
    return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? this.redact(v) : v)) as T
  }
}
