// netrc as go reads it (cmd/go/internal/auth/netrc.go): machine/login/password tokens
// separated by white space; `default` and `macdef` blocks are not used by go.

export interface NetrcEntry {
  machine: string
  login: string
  password: string
}

export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = text.split(/\s+/).filter(Boolean)
  const out: NetrcEntry[] = []
  let current: Partial<NetrcEntry> | undefined
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t === 'machine') {
      if (current?.machine && current.login !== undefined && current.password !== undefined) out.push(current as NetrcEntry)
      current = { machine: tokens[++i] }
    } else if (t === 'default' || t === 'macdef') {
      if (current?.machine && current.login !== undefined && current.password !== undefined) out.push(current as NetrcEntry)
      current = undefined
    } else if (current && t === 'login') current.login = tokens[++i]
    else if (current && t === 'password') current.password = tokens[++i]
  }
  if (current?.machine && current.login !== undefined && current.password !== undefined) out.push(current as NetrcEntry)
  return out
}

/** The Authorization header go would send to `url` (https only, machine = host[:port]). */
export function authorizationFor(url: string, entries: NetrcEntry[]): string | undefined {
  const u = new URL(url)
  if (u.protocol !== 'https:') return undefined
  const e = entries.find(x => x.machine === u.host)
  return e ? `Basic ${Buffer.from(`${e.login}:${e.password}`).toString('base64')}` : undefined
}
