// A real GOPROXY on loopback serving fixture modules, with fault switches per path.
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { altered, serve, type FixtureModule, type ServedModule } from './modules.js'

export type Fault =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { reset: true }
  | { stall: 'headers' | 'half-body' }
  | { truncate: true }
  | { alter: true }
  | { corrupt: true }

export interface FaultRule {
  /** Matches the unescaped request path, e.g. `example.com/a/@v/v1.0.0.zip`. */
  match: string | RegExp
  fault?: Fault
  latencyMs?: number
  /** Apply the fault to the first N requests of each matching path only. */
  timesPerPath?: number
}

export interface LoggedRequest {
  path: string
  outcome: string
}

/** Go's module path escaping, undone: `!x` stands for `X`. */
function unescapePath(s: string): string {
  return s.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase())
}

export interface ProxyOptions {
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer }
  /** Answer 401 unless the request carries these basic-auth credentials. */
  basicAuth?: { user: string; password: string }
}

export class FixtureProxy {
  readonly requests: LoggedRequest[] = []
  private readonly modules = new Map<string, { fixture: FixtureModule; served: ServedModule }>()
  private rules: FaultRule[] = []
  private readonly hits = new Map<string, number>()
  private readonly sockets = new Set<Socket>()
  private server?: http.Server
  url = ''

  constructor(
    fixtures: FixtureModule[] = [],
    private readonly options: ProxyOptions = {}
  ) {
    for (const f of fixtures) this.add(f)
  }

  add(f: FixtureModule): void {
    this.modules.set(`${f.path}@${f.version}`, { fixture: f, served: serve(f) })
  }

  setFaults(rules: FaultRule[]): void {
    this.rules = rules
    this.hits.clear()
  }

  clearLog(): void {
    this.requests.length = 0
  }

  /** Requests whose path matches, e.g. to count fetches of one zip. */
  count(match: string | RegExp): number {
    return this.requests.filter(r => matches(match, r.path)).length
  }

  async start(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => void this.handle(req, res)
    this.server = this.options.tls ? https.createServer({ ...this.options.tls }, handler) : http.createServer(handler)
    this.server.on('connection', s => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = unescapePath(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, ''))
    const auth = this.options.basicAuth
    if (auth && req.headers.authorization !== `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`) {
      this.requests.push({ path, outcome: '401' })
      res.writeHead(401, { 'www-authenticate': 'Basic realm="fixture proxy"', 'content-type': 'text/plain' })
      res.end('fixture proxy: credentials required\n')
      return
    }
    const rule = this.rules.find(r => matches(r.match, path))
    let fault: Fault | undefined
    if (rule) {
      const n = (this.hits.get(path) ?? 0) + 1
      this.hits.set(path, n)
      if (rule.timesPerPath === undefined || n <= rule.timesPerPath) fault = rule.fault
      if (rule.latencyMs) await new Promise(r => setTimeout(r, rule.latencyMs))
    }
    const body = this.lookup(path, fault)
    const log = (outcome: string): void => void this.requests.push({ path, outcome })
    if (fault && 'status' in fault) {
      log(String(fault.status))
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers })
      res.end(fault.body ?? `fixture proxy: ${fault.status}\n`)
      return
    }
    if (fault && 'reset' in fault) {
      log('reset')
      req.socket.resetAndDestroy()
      return
    }
    if (body === undefined) {
      log('404')
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end(`not found: ${path}\n`)
      return
    }
    if (fault && 'stall' in fault) {
      log(`stall-${fault.stall}`)
      res.writeHead(200, { 'content-length': String(body.length) })
      if (fault.stall === 'half-body') res.write(body.subarray(0, body.length >> 1))
      else res.flushHeaders()
      return // never finished; stop() destroys the socket
    }
    if (fault && 'truncate' in fault) {
      log('truncate')
      res.writeHead(200, { 'content-length': String(body.length) })
      res.write(body.subarray(0, body.length >> 1), () => req.socket.destroy())
      return
    }
    log(fault ? Object.keys(fault)[0]! : '200')
    res.writeHead(200, { 'content-length': String(body.length) })
    res.end(body)
  }

  private lookup(path: string, fault: Fault | undefined): Buffer | undefined {
    const m = /^(.+)\/@v\/(list|(.+)\.(info|mod|zip))$/.exec(path)
    const latest = /^(.+)\/@latest$/.exec(path)
    if (latest) {
      const versions = this.versions(latest[1]!)
      const v = versions[versions.length - 1]
      return v ? this.modules.get(`${latest[1]}@${v}`)!.served.info : undefined
    }
    if (!m) return undefined
    if (m[2] === 'list') {
      const versions = this.versions(m[1]!)
      return versions.length ? Buffer.from(versions.join('\n') + '\n') : undefined
    }
    const entry = this.modules.get(`${m[1]}@${m[3]}`)
    if (!entry) return undefined
    const kind = m[4] as 'info' | 'mod' | 'zip'
    if (fault && 'alter' in fault) return altered(entry.fixture)[kind]
    const body = entry.served[kind]
    if (fault && 'corrupt' in fault) {
      const copy = Buffer.from(body)
      copy[copy.length >> 1] = copy[copy.length >> 1]! ^ 0xff
      return copy
    }
    return body
  }

  private versions(path: string): string[] {
    return [...this.modules.values()].filter(e => e.fixture.path === path).map(e => e.fixture.version).sort()
  }
}

function matches(match: string | RegExp, path: string): boolean {
  return typeof match === 'string' ? path.startsWith(match) : match.test(path)
}
