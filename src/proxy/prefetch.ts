// The prefetch: what go mod download would fetch, straight from the proxies, many files
// at once, each verified against go.sum before it lands in go's own layout. go then
// finds everything local; whatever we skip or cannot get, it still fetches itself.
import { randomBytes } from 'node:crypto'
import { readFile, mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { escapePath, moduleId } from '../go/escape.js'
import { moduleDir, versionFile } from '../go/modcache.js'
import { matchesPatterns } from '../go/patterns.js'
import { parseProxyList } from '../go/proxy-list.js'
import { compareVersions } from '../go/semver.js'
import { removeTree, writeFileAtomic } from '../util/fs.js'
import { mapLimit } from '../util/pool.js'
import { FetchError, type ProxyClient } from './client.js'
import { hashGoMod } from './h1.js'
import type { ZipPool } from './zip-pool.js'

export type VersionFile = 'info' | 'mod' | 'zip'

export interface PrefetchItem {
  path: string
  version: string
  files: VersionFile[]
  /** go.sum's h1 for the zip and for the go.mod; a file without one is left to go. */
  zipHash?: string
  modHash?: string
}

export interface PrefetchFailure {
  path: string
  version: string
  /** Only checksum failures are final; anything else go tries again itself. */
  class: 'checksum'
  message: string
}

export interface PrefetchResult {
  /** Module versions whose every wanted file landed. */
  completed: number
  /** Module versions extracted into go's module directory, as go mod download leaves them. */
  extracted: number
  bytes: number
  /** Module versions left to go, with why. */
  skipped: { id: string; reason: string }[]
  failures: PrefetchFailure[]
}

export interface Routing {
  goproxy: string
  /** GONOPROXY, which go fills from GOPRIVATE when unset. */
  gonoproxy: string
}

/** Which proxies to ask for `path`, in order, and after which errors to move on; undefined: leave it to go. */
function route(routing: Routing, path: string): { url: string; separator?: ',' | '|' }[] | string {
  if (routing.gonoproxy && matchesPatterns(routing.gonoproxy, path)) return 'matches GONOPROXY/GOPRIVATE: fetched directly by go'
  const list = parseProxyList(routing.goproxy)
  const usable: { url: string; separator?: ',' | '|' }[] = []
  for (const e of list) {
    if (e.url === 'direct' || e.url === 'off') break
    if (!/^https?:\/\//.test(e.url)) {
      if (/^file:/.test(e.url)) break
      usable.push({ url: `https://${e.url}`, separator: e.separator })
    } else usable.push(e)
  }
  return usable.length > 0 ? usable : `GOPROXY=${routing.goproxy} names no proxy for it`
}

function url(base: string, path: string, version: string, file: VersionFile): string {
  return `${base.replace(/\/+$/, '')}/${escapePath(path)}/@v/${escapePath(version)}.${file}`
}

/** Adds `version` to the module's @v/list, as go does after writing a .mod. */
async function addToList(gomodcache: string, path: string, version: string): Promise<void> {
  const list = `${dirname(versionFile(gomodcache, path, version, 'mod'))}/list`
  const existing = await readFile(list, 'utf8').catch(() => '')
  const versions = new Set(existing.split('\n').filter(Boolean))
  if (versions.has(version)) return
  versions.add(version)
  await writeFileAtomic(list, [...versions].sort(compareVersions).join('\n') + '\n')
}

class ChecksumMismatch extends Error {}

/** How zips are extracted as they land; undefined: not at all (go extracts them). */
export interface ExtractPolicy {
  /** false under GOFLAGS=-modcacherw, as go leaves them. */
  readOnly: boolean
}

interface Landing {
  gomodcache: string
  zips: ZipPool
  extract?: ExtractPolicy
  /** Counts module versions extracted. */
  extracted: () => void
}

/**
 * Fetches one module version's files from one proxy, all three at once (each a round
 * trip of its own). A .mod or .zip lands only after it verified against go.sum.
 */
async function fetchFrom(client: ProxyClient, base: string, item: PrefetchItem, landing: Landing): Promise<number> {
  const { gomodcache } = landing
  await mkdir(dirname(versionFile(gomodcache, item.path, item.version, 'mod')), { recursive: true })
  const jobs: Promise<number>[] = []
  if (item.files.includes('mod')) jobs.push(fetchMod(client, base, item, gomodcache))
  if (item.files.includes('zip')) jobs.push(fetchZip(client, base, item, landing))
  if (item.files.includes('info')) jobs.push(fetchInfo(client, base, item, gomodcache))
  const results = await Promise.allSettled(jobs)
  // A checksum mismatch outranks any other failure of the same module.
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map(r => r.reason as Error)
  const mismatch = failures.find(f => f instanceof ChecksumMismatch)
  if (mismatch || failures[0]) throw mismatch ?? failures[0]
  return results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0)
}

async function fetchMod(client: ProxyClient, base: string, item: PrefetchItem, gomodcache: string): Promise<number> {
  const mod = await client.fetchBytes(url(base, item.path, item.version, 'mod'))
  const h = hashGoMod(mod)
  if (h !== item.modHash) throw new ChecksumMismatch(`go.mod: downloaded ${h}, go.sum has ${item.modHash}`)
  await writeFileAtomic(versionFile(gomodcache, item.path, item.version, 'mod'), mod)
  await addToList(gomodcache, item.path, item.version)
  return mod.length
}

/** Toolchains are unpacked by go's toolchain switch, with executable files: never by us. */
const isToolchain = (path: string): boolean => path === 'golang.org/toolchain' || path === 'toolchain'

async function fetchZip(client: ProxyClient, base: string, item: PrefetchItem, landing: Landing): Promise<number> {
  const { gomodcache } = landing
  const zip = versionFile(gomodcache, item.path, item.version, 'zip')
  // go's own name for a zip in progress: never mistaken for a finished download.
  const tmp = `${zip}${randomBytes(6).toString('hex')}.tmp`
  const zipUrl = url(base, item.path, item.version, 'zip')
  const dir = moduleDir(gomodcache, item.path, item.version)
  const extract = landing.extract && !isToolchain(item.path) ? landing.extract : undefined
  let staged: string | undefined
  let bytes = 0
  try {
    // A zip that does not read (bad CRC, bad deflate) was damaged in transit: one more
    // try, as go gives it. A zip that reads but hashes otherwise is tampered.
    for (let tries = 1; ; tries++) {
      bytes = await client.fetchToFile(zipUrl, tmp)
      const outcome = extract
        ? await landing.zips.hashAndExtract({ zip: tmp, path: item.path, version: item.version, dir, expected: item.zipHash!, readOnly: extract.readOnly })
        : await landing.zips.hash(tmp)
      if ('corrupt' in outcome) {
        if (tries < 2) continue
        throw new FetchError(zipUrl, 200, true, outcome.corrupt)
      }
      if (outcome.hash !== item.zipHash) throw new ChecksumMismatch(`zip: downloaded ${outcome.hash}, go.sum has ${item.zipHash}`)
      staged = outcome.staged
      break
    }
    await rename(tmp, zip)
    // Only now: go counts a zip as downloaded when .zip and .ziphash both exist, and an
    // extracted tree as complete only beside its .ziphash.
    await writeFileAtomic(versionFile(gomodcache, item.path, item.version, 'ziphash'), item.zipHash!)
    if (staged) {
      // Fails when the tree is already there (another go, or an earlier run): theirs stays.
      const moved = await rename(staged, dir).then(
        () => true,
        () => false
      )
      if (moved) {
        staged = undefined
        landing.extracted()
      }
    }
    return bytes
  } finally {
    await rm(tmp, { force: true })
    if (staged) removeTree(staged)
  }
}

async function fetchInfo(client: ProxyClient, base: string, item: PrefetchItem, gomodcache: string): Promise<number> {
  const infoUrl = url(base, item.path, item.version, 'info')
  const info = await client.fetchBytes(infoUrl)
  try {
    JSON.parse(info.toString('utf8'))
  } catch {
    throw new FetchError(infoUrl, 200, true, 'not a JSON .info file')
  }
  await writeFileAtomic(versionFile(gomodcache, item.path, item.version, 'info'), info)
  return info.length
}

export interface PrefetchOptions {
  gomodcache: string
  routing: Routing
  client: ProxyClient
  concurrency: number
  /** Hashes (and extracts) zips off the main thread. */
  zips: ZipPool
  extract?: ExtractPolicy
}

export async function prefetch(items: PrefetchItem[], options: PrefetchOptions): Promise<PrefetchResult> {
  const result: PrefetchResult = { completed: 0, extracted: 0, bytes: 0, skipped: [], failures: [] }
  const landing: Landing = { gomodcache: options.gomodcache, zips: options.zips, extract: options.extract, extracted: () => result.extracted++ }
  await mapLimit(items, options.concurrency, async item => {
    const id = moduleId(item.path, item.version)
    if ((item.files.includes('zip') && !item.zipHash) || (item.files.includes('mod') && !item.modHash)) {
      result.skipped.push({ id, reason: 'go.sum has no hash to check it against' })
      return
    }
    const proxies = route(options.routing, item.path)
    if (typeof proxies === 'string') {
      result.skipped.push({ id, reason: proxies })
      return
    }
    for (const proxy of proxies) {
      try {
        // Not `result.bytes += await …`: that reads the sum before the await and loses the other workers' bytes.
        const bytes = await fetchFrom(options.client, proxy.url, item, landing)
        result.bytes += bytes
        result.completed++
        return
      } catch (err) {
        if (err instanceof ChecksumMismatch) {
          // Never retried, never written, and not asked of another proxy: go.sum decides.
          result.failures.push({ path: item.path, version: item.version, class: 'checksum', message: `verifying ${id}: checksum mismatch: ${err.message} (from ${proxy.url})` })
          return
        }
        const e = err instanceof FetchError ? err : new FetchError(proxy.url, undefined, true, (err as Error).message)
        // ',' moves on after 404/410 only, '|' after any error (as go does).
        const next = proxy.separator === '|' || (proxy.separator === ',' && (e.status === 404 || e.status === 410))
        if (!next) {
          result.skipped.push({ id, reason: e.message })
          return
        }
      }
    }
    result.skipped.push({ id, reason: 'no proxy in GOPROXY had it' })
  })
  return result
}

/**
 * What go mod download would fetch that the cache lacks: .mod, .zip and .info of every
 * required version, and the .mod of every /go.mod line (the module graph). Zips that
 * go.sum lists but no require names are left out, as go leaves them.
 */
export async function planPrefetch(
  required: { path: string; version: string }[],
  entries: { path: string; version: string; goMod: boolean; hash: string }[],
  has: (path: string, version: string, file: VersionFile | 'ziphash') => Promise<boolean>
): Promise<PrefetchItem[]> {
  const hashes = new Map<string, { zipHash?: string; modHash?: string }>()
  for (const e of entries) {
    const id = moduleId(e.path, e.version)
    const h = hashes.get(id) ?? {}
    if (e.goMod) h.modHash = e.hash
    else h.zipHash = e.hash
    hashes.set(id, h)
  }
  const wanted = new Map<string, { path: string; version: string; files: Set<VersionFile> }>()
  for (const r of required) wanted.set(moduleId(r.path, r.version), { ...r, files: new Set(['mod', 'zip', 'info']) })
  for (const e of entries) if (e.goMod && !wanted.has(moduleId(e.path, e.version))) wanted.set(moduleId(e.path, e.version), { path: e.path, version: e.version, files: new Set(['mod']) })
  const items: PrefetchItem[] = []
  for (const [id, w] of wanted) {
    const files: VersionFile[] = []
    for (const f of w.files) {
      const present = f === 'zip' ? (await has(w.path, w.version, 'zip')) && (await has(w.path, w.version, 'ziphash')) : await has(w.path, w.version, f)
      if (!present) files.push(f)
    }
    if (files.length > 0) items.push({ path: w.path, version: w.version, files, ...hashes.get(id) })
  }
  return items
}
