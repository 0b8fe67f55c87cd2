// Failure classes: what went wrong fetching a module, whether another attempt can
// help, and what the user should do. The patterns follow go's own error texts.

export type FailureClassName =
  | 'checksum'
  | 'disk-full'
  | 'toolchain'
  | 'auth'
  | 'not-found'
  | 'invalid-version'
  | 'rate-limited'
  | 'server-error'
  | 'sumdb'
  | 'timeout'
  | 'dns'
  | 'network'
  | 'corrupt'
  | 'unknown'

export interface FailureClass {
  name: FailureClassName
  /** Further attempts a failure of this class justifies (bounded by `attempts`). */
  retries: number
  hint: string
}

const CLASSES: Record<FailureClassName, Omit<FailureClass, 'name'>> = {
  checksum: {
    retries: 0,
    hint: 'Not retried: the proxy served other content than go.sum records. Check which GOPROXY served it; never "fix" this by editing go.sum.'
  },
  'disk-full': { retries: 0, hint: 'The runner is out of disk space: free space or point GOMODCACHE at a larger disk.' },
  toolchain: {
    retries: 0,
    hint: 'go.mod needs a newer Go than the one on PATH: install it first (actions/setup-go with go-version-file: go.mod).'
  },
  auth: {
    retries: 0,
    hint: 'The server refused the request: for a private proxy set proxy-credentials; for private repositories set goprivate and git-credentials with a token that can read them.'
  },
  'not-found': {
    retries: 0,
    hint: 'The proxy has no such module version: check the require line, or set goprivate if the module is private.'
  },
  'invalid-version': {
    retries: 0,
    hint: 'That version does not exist upstream: check the require or replace line, then run go mod tidy.'
  },
  'rate-limited': { retries: Infinity, hint: 'The proxy is rate limiting (429): retried with backoff.' },
  'server-error': { retries: Infinity, hint: 'The proxy failed (5xx): retried with backoff.' },
  sumdb: {
    retries: Infinity,
    hint: 'The checksum database could not be reached; for private modules set gonosumdb or goprivate so go does not ask it.'
  },
  timeout: {
    retries: Infinity,
    hint: 'No answer in time: retried. If one module is very large, raise attempt-timeout.'
  },
  dns: { retries: 2, hint: 'The host name did not resolve: check the GOPROXY host and the runner network.' },
  network: { retries: Infinity, hint: 'The connection failed (reset, refused, HTTP/2 stream error, or cut short): retried with backoff.' },
  corrupt: { retries: 1, hint: 'The download was not a valid zip: retried once.' },
  unknown: { retries: 0, hint: "Not a known transient error, so not retried: see go's message." }
}

// First match wins: a checksum failure stays a checksum failure whatever else it says.
const PATTERNS: [FailureClassName, RegExp][] = [
  ['checksum', /SECURITY ERROR|checksum mismatch|does NOT match/],
  ['disk-full', /no space left on device|disk quota exceeded/i],
  ['toolchain', /toolchain not available|requires go >= |GOTOOLCHAIN=local\)|download go\d\S* for /],
  ['auth', /\b40[13] (Unauthorized|Forbidden)\b|terminal prompts disabled|could not read (Username|Password)|Authentication failed|Permission denied \(publickey/],
  ['rate-limited', /\b429\b|Too Many Requests/],
  ['server-error', /: 5\d\d [A-Z][A-Za-z ]*/],
  ['not-found', /\b(404 Not Found|410 Gone)\b|repository not found|Repository not found/],
  ['invalid-version', /unknown revision|invalid version|invalid pseudo-version|no matching versions|malformed module path|bad version/],
  ['sumdb', /verifying (module|go\.mod): .*(dial tcp|timeout|connection|EOF|5\d\d)/],
  ['dns', /no such host|server misbehaving|Temporary failure in name resolution/],
  ['timeout', /i\/o timeout|TLS handshake timeout|context deadline exceeded|Client\.Timeout|timeout awaiting response headers/],
  ['network', /connection reset|connection refused|broken pipe|unexpected EOF|GOAWAY|stream error|INTERNAL_ERROR|network is unreachable|no route to host|http2: |connection closed|use of closed network connection|\bEOF\b/],
  ['corrupt', /zip: not a valid zip file|zip: checksum error|zip: FileHeader|not a valid zip/]
]

export function failureClass(name: FailureClassName): FailureClass {
  return { name, ...CLASSES[name] }
}

export function classify(message: string): FailureClass {
  for (const [name, re] of PATTERNS) if (re.test(message)) return failureClass(name)
  return failureClass('unknown')
}

/** The host go was talking to, from the first URL in its message: used to make hints concrete. */
export function hostOf(message: string): string | undefined {
  const m = /\b(?:https?|ssh|git):\/\/(?:[^@/\s"]*@)?([^/\s"]+)/.exec(message)
  return m?.[1]
}

/**
 * go's message without what no reader needs: the module prefix (the annotation title
 * has it) and the SECURITY ERROR boilerplate (the hint says it better).
 */
export function trimMessage(message: string, id?: string): string {
  let m = message.replace(/^go: /, '')
  if (id && m.startsWith(id + ': ')) m = m.slice(id.length + 2)
  m = m.replace(/\n\s*SECURITY ERROR[\s\S]*$/, '')
  return m
    .split('\n')
    .map(l => l.trimEnd())
    .filter(l => l !== '')
    .join('\n')
}

/**
 * The auth hint made concrete: which host refused, and which input fixes it. Git's
 * messages mean a direct fetch; an HTTP status means a proxy.
 */
export function authHint(message: string): string {
  const host = hostOf(message)
  if (/terminal prompts disabled|could not read (Username|Password)|Authentication failed|Permission denied \(publickey/.test(message)) {
    const where = host ? `${host} refused git access` : 'git access was refused'
    return `${where}: set git-credentials for ${host ?? 'HOST'}/PATH-PREFIX with a token that can read the repository, and goprivate so go fetches it directly.`
  }
  const where = host ? `${host} refused the request` : 'The proxy refused the request'
  return `${where}: set proxy-credentials for ${host ?? 'HOST[:PORT]'} (exactly as in GOPROXY) with a user that can read it; or, for a private repository, goprivate and git-credentials.`
}
