// A real cache service for tests: azurite (npm) as the blob store and a small loopback
// control plane for the twirp API that @actions/cache 6 calls. The unmodified client
// reaches it through ACTIONS_CACHE_SERVICE_V2, ACTIONS_RESULTS_URL and
// ACTIONS_RUNTIME_TOKEN. Entries are scoped per ref: a ref reads its own scope and the
// default branch's, and writes its own, as GitHub's cache does.
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { BlobSASPermissions, BlobServiceClient, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob'

// Azurite's well-known development account (documented by Microsoft; not a secret).
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
const CONTAINER = 'actions-cache'
const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/'
export const DEFAULT_BRANCH = 'refs/heads/main'

export interface CacheEntry {
  scope: string
  key: string
  version: string
  blob: string
  finalized: boolean
  sizeBytes: number
  createdAt: number
}

export type ServiceFault = { status: number; msg?: string } | { writeDenied: true }

export class CacheService {
  readonly entries: CacheEntry[] = []
  readonly calls: { method: string; scope: string; key?: string }[] = []
  /** Faults per method: CreateCacheEntry, FinalizeCacheEntryUpload, GetCacheEntryDownloadURL. */
  faults: Partial<Record<string, ServiceFault>> = {}
  private azurite?: ChildProcess
  private server?: http.Server
  private blobUrl = ''
  private readonly credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  url = ''

  constructor(private readonly dataDir: string) {}

  async start(): Promise<void> {
    const bin = join(process.cwd(), 'node_modules', '.bin', 'azurite-blob')
    this.azurite = spawn(process.execPath, [bin, '--location', this.dataDir, '--blobHost', '127.0.0.1', '--blobPort', '0', '--skipApiVersionCheck', '--loose'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.blobUrl = await new Promise<string>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(() => reject(new Error(`azurite did not start: ${out}`)), 30_000)
      this.azurite!.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /successfully listens on (http:\/\/[\d.]+:\d+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
      this.azurite!.on('exit', code => reject(new Error(`azurite exited ${code}: ${out}`)))
    })
    await this.containerClient().createIfNotExists()
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
    this.azurite?.kill('SIGKILL')
  }

  /** The variables a job on `ref` gets from the runner. */
  env(ref = DEFAULT_BRANCH): Record<string, string> {
    return { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: this.url, ACTIONS_RUNTIME_TOKEN: `scope:${ref}` }
  }

  finalized(): CacheEntry[] {
    return this.entries.filter(e => e.finalized)
  }

  private containerClient() {
    return new BlobServiceClient(`${this.blobUrl}/${ACCOUNT}`, this.credential).getContainerClient(CONTAINER)
  }

  private sasUrl(blob: string, permissions: string): string {
    const sas = generateBlobSASQueryParameters(
      { containerName: CONTAINER, blobName: blob, permissions: BlobSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 3_600_000) },
      this.credential
    ).toString()
    return `${this.blobUrl}/${ACCOUNT}/${CONTAINER}/${blob}?${sas}`
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>
    const method = (req.url ?? '').startsWith(SERVICE) ? (req.url ?? '').slice(SERVICE.length) : ''
    const token = /^Bearer scope:(.+)$/.exec(String(req.headers.authorization ?? ''))
    const send = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    if (!token) return send(401, { code: 'unauthenticated', msg: 'no runtime token' })
    const scope = token[1]!
    const key = typeof body.key === 'string' ? body.key : undefined
    this.calls.push({ method, scope, key })
    const fault = this.faults[method]
    if (fault && 'status' in fault) return send(fault.status, { code: 'internal', msg: fault.msg ?? `fault ${fault.status}` })
    const version = String(body.version ?? '')
    const readScopes = scope === DEFAULT_BRANCH ? [scope] : [scope, DEFAULT_BRANCH]

    switch (method) {
      case 'CreateCacheEntry': {
        if (fault && 'writeDenied' in fault) return send(200, { ok: false, message: 'cache write denied: the token of this run is read-only' })
        if (this.entries.some(e => e.scope === scope && e.key === key && e.version === version))
          return send(409, { code: 'already_exists', msg: 'cache entry with the same key, version, and scope already exists' })
        const blob = `entry-${this.entries.length}`
        this.entries.push({ scope, key: key ?? '', version, blob, finalized: false, sizeBytes: 0, createdAt: Date.now() + this.entries.length })
        return send(200, { ok: true, signed_upload_url: this.sasUrl(blob, 'cw') })
      }
      case 'FinalizeCacheEntryUpload': {
        const e = this.entries.find(x => x.scope === scope && x.key === key && x.version === version && !x.finalized)
        if (!e) return send(404, { code: 'not_found', msg: 'no reserved entry' })
        e.finalized = true
        e.sizeBytes = Number(body.size_bytes ?? 0)
        return send(200, { ok: true, entry_id: String(this.entries.indexOf(e) + 1) })
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys) ? (body.restore_keys as string[]) : []
        for (const s of readScopes) {
          const candidates = this.finalized().filter(e => e.scope === s && e.version === version)
          const exact = candidates.find(e => e.key === key)
          const found =
            exact ??
            restoreKeys
              .map(prefix => candidates.filter(e => e.key.startsWith(prefix)).sort((a, b) => b.createdAt - a.createdAt)[0])
              .find(e => e !== undefined)
          if (found) return send(200, { ok: true, signed_download_url: this.sasUrl(found.blob, 'r'), matched_key: found.key })
        }
        return send(200, { ok: false })
      }
      default:
        return send(404, { code: 'bad_route', msg: `no method ${method}` })
    }
  }
}
