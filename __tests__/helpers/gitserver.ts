// A real git smart-HTTP server: git http-backend behind a loopback HTTPS server that
// requires a token, and answers go's `?go-get=1` discovery; plus a CONNECT proxy so that
// a real host name (git.example.test) reaches it without DNS.
import { execFile, spawn } from 'node:child_process'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { TestCa } from './tls.js'

const run = promisify(execFile)
const BACKEND = '/usr/lib/git-core/git-http-backend'

export interface PrivateRepo {
  /** Repository path on the server, e.g. `org/private` (served as org/private.git). */
  repo: string
  modulePath: string
  version: string
  files: Record<string, string>
}

function git(args: string[], cwd: string): Promise<unknown> {
  // -c only: tests never write anyone's global git config.
  return run('git', ['-c', 'user.name=fixture', '-c', 'user.email=fixture@example.test', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: cwd }
  })
}

export class GitServer {
  readonly requests: { path: string; authorized: boolean }[] = []
  private server?: https.Server
  private readonly sockets = new Set<{ destroy(): void }>()
  port = 0

  constructor(
    readonly root: string,
    private readonly ca: TestCa,
    /** The Authorization header value that is let in. */
    private readonly authorization: string,
    readonly host = 'git.example.test'
  ) {}

  async addRepo(r: PrivateRepo): Promise<void> {
    const work = await mkdtemp(join(this.root, 'work-'))
    for (const [name, content] of Object.entries(r.files)) await writeFile(join(work, name), content)
    await writeFile(join(work, 'go.mod'), `module ${r.modulePath}\n\ngo 1.21\n`)
    await git(['init', '-q'], work)
    await git(['add', '.'], work)
    await git(['commit', '-q', '-m', 'fixture'], work)
    await git(['tag', r.version], work)
    const bare = join(this.root, 'repos', `${r.repo}.git`)
    await mkdir(join(bare, '..'), { recursive: true })
    await git(['clone', '-q', '--bare', work, bare], this.root)
  }

  async start(): Promise<void> {
    this.server = https.createServer({ key: this.ca.key, cert: this.ca.cert }, (req, res) => void this.handle(req, res))
    this.server.on('connection', s => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${this.host}`)
    if (url.searchParams.get('go-get') === '1') {
      // Discovery is public, as on GitHub; the repository is not.
      const parts = url.pathname.split('/').filter(Boolean).slice(0, 2)
      const root = `${this.host}/${parts.join('/')}`
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(`<html><head><meta name="go-import" content="${root} git https://${root}.git"></head></html>\n`)
      return
    }
    const authorized = req.headers.authorization === this.authorization
    this.requests.push({ path: url.pathname, authorized })
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="fixture git"' })
      res.end('authentication required\n')
      return
    }
    const child = spawn(BACKEND, [], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: join(this.root, 'repos'),
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'fixture',
        REMOTE_ADDR: '127.0.0.1'
      }
    })
    req.pipe(child.stdin)
    const out: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    await new Promise(resolve => child.on('close', resolve))
    const all = Buffer.concat(out)
    let split = all.indexOf('\r\n\r\n')
    let gap = 4
    if (split < 0) {
      split = all.indexOf('\n\n')
      gap = 2
    }
    const headers: Record<string, string> = {}
    let status = 200
    for (const line of all.subarray(0, split).toString().split(/\r?\n/)) {
      const i = line.indexOf(':')
      if (i < 0) continue
      const name = line.slice(0, i).trim()
      const value = line.slice(i + 1).trim()
      if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0])
      else headers[name] = value
    }
    res.writeHead(status, headers)
    res.end(all.subarray(split + gap))
  }
}

/** An HTTP proxy that tunnels every CONNECT to one loopback port: `HTTPS_PROXY` for go and git. */
export class ConnectProxy {
  private server?: http.Server
  private readonly sockets = new Set<Socket>()
  readonly tunnels: string[] = []
  url = ''

  constructor(private readonly targetPort: () => number) {}

  async start(): Promise<string> {
    this.server = http.createServer((_req, res) => {
      res.writeHead(405)
      res.end()
    })
    this.server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
      this.tunnels.push(req.url ?? '')
      this.sockets.add(client)
      const upstream = net.connect(this.targetPort(), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        if (head.length) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      this.sockets.add(upstream)
      const close = (): void => {
        client.destroy()
        upstream.destroy()
      }
      upstream.on('error', close)
      client.on('error', close)
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}
