// The pipeline: plan, key, restore, download, save. No GitHub glue here: the action
// and the CLI pass in a Log and a CacheBackend and render the Report they get back.
import { isAbsolute, join, relative, resolve } from 'node:path'
import * as glob from '@actions/glob'
import { readFile, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { ProxyClient } from './proxy/client.js'
import { parseNetrc } from './proxy/netrc.js'
import { planPrefetch, prefetch, type VersionFile } from './proxy/prefetch.js'
import { ZipPool } from './proxy/zip-pool.js'
import type { CacheBackend, CacheTarget } from './cache/backend.js'
import { computeKeys, runnerOs, toolchainToFetch, type CacheKeys, type KeyFile } from './cache/key.js'
import { downloadModules, type Failure } from './go/download.js'
import { modcacheWritable, readGoEnv, type GoEnv } from './go/env.js'
import { authHint, failureClass } from './go/failure.js'
import { ownerPrefix, pathsExposed } from './go/proxy-list.js'
import { Redactor } from './credentials/secrets.js'
import { downloadDir, fileSize, missingRequired, versionFile, zipFiles } from './go/modcache.js'
import { keepSet, stageForSave, type Staged } from './cache/prune.js'
import { discard, verifyCache, type VerifyDepth } from './cache/verify.js'
import { formatBytes } from './util/duration.js'
import { hasDependencies, loadWorkspace, locate, requiredVersions, zipEntries, type Workspace } from './go/workspace.js'
import { moduleId } from './go/escape.js'
import type { Log } from './log.js'
import { InputError, type Options, type SaveMode } from './options.js'
import { emptyReport, type Report, type ReportedFailure } from './report/report.js'
import { DEFAULT_BACKOFF, type BackoffPolicy } from './util/backoff.js'
import { isFile, treeStats } from './util/fs.js'

export interface PrewarmContext {
  log: Log
  /** Undefined when caching is off. */
  backend?: CacheBackend
  /** The environment go runs with. */
  env: NodeJS.ProcessEnv
  /** Annotation paths are relative to this (GITHUB_WORKSPACE, or the current directory). */
  displayRoot: string
  backoff?: BackoffPolicy
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Removes every form of every secret from what is logged and reported. */
  redactor?: Redactor
  /** The event that started the run (GITHUB_EVENT_NAME); undefined outside GitHub Actions. */
  event?: string
  /** ACTIONS_CACHE_MODE, when the runner sets it. */
  cacheMode?: string
}

function redactingLog(log: Log, r: Redactor): Log {
  return {
    info: m => log.info(r.redact(m)),
    warning: m => log.warning(r.redact(m)),
    debug: m => log.debug(r.redact(m)),
    group: (title, fn) => log.group(r.redact(title), fn)
  }
}

/** Warns when a 404 from a private proxy would send private module paths to a public one. */
function checkPrivacy(ws: Workspace, goEnv: GoEnv, log: Log): void {
  const exposed = pathsExposed({
    goproxy: goEnv.GOPROXY,
    goprivate: goEnv.GOPRIVATE,
    gonoproxy: goEnv.GONOPROXY,
    gonosumdb: goEnv.GONOSUMDB,
    mainModules: ws.modules.map(m => m.file.module ?? '').filter(Boolean),
    requires: ws.modules.flatMap(m => m.file.requires.map(r => r.path))
  })
  if (exposed.paths.length === 0) return
  const shown = exposed.paths.slice(0, 5).join(', ') + (exposed.paths.length > 5 ? `, and ${exposed.paths.length - 5} more` : '')
  const owners = [...new Set(exposed.paths.map(p => ownerPrefix(p) + '/*'))].join(',')
  log.warning(
    `GOPROXY lists the public ${exposed.publicProxy} after ${exposed.privateProxy}: a 404 from ${exposed.privateProxy} sends a module path on to the public proxy, and GOPRIVATE/GONOPROXY do not cover ${shown}. ` +
      `Either drop the public proxy from goproxy and let ${exposed.privateProxy} fetch public modules, or, if those modules are fetched from their repositories, set goprivate, for example goprivate: ${owners}`
  )
}

function displayPath(root: string, p: string): string {
  const r = relative(root, p)
  return r.startsWith('..') || isAbsolute(r) ? p : r.split('\\').join('/')
}

async function keyFiles(options: Options, wd: string, ws: Workspace, log: Log): Promise<KeyFile[]> {
  const read = async (path: string): Promise<KeyFile> => ({ path, content: await readFile(path, 'utf8') })
  const patterns = options.cacheDependencyPath
  if (patterns.length > 0) {
    const abs = (p: string): string => (isAbsolute(p) ? p : join(wd, p))
    const negations = patterns.filter(p => p.startsWith('!')).map(p => '!' + abs(p.slice(1)))
    const paths = new Set<string>()
    for (const pattern of patterns.filter(p => !p.startsWith('!'))) {
      const globber = await glob.create([abs(pattern), ...negations].join('\n'), { matchDirectories: false })
      const matched = await globber.glob()
      if (matched.length === 0) throw new InputError('cache-dependency-path', `${JSON.stringify(pattern)} matches no file under ${wd}`)
      for (const m of matched) paths.add(m)
    }
    return Promise.all([...paths].map(read))
  }
  if (ws.sumFiles.length > 0) return ws.sumFiles.map(s => ({ path: s.path, content: s.content }))
  log.warning(
    `No go.sum next to ${ws.modules.map(m => m.goModPath).join(', ')}: the cache key falls back to go.mod, and go will refuse to build until go.sum exists (run go mod tidy and commit go.sum).`
  )
  return Promise.all(ws.modules.map(m => read(m.goModPath)))
}

function toReported(ws: Workspace, root: string, f: Failure): ReportedFailure {
  const where = f.path ? locate(ws, f.path, f.version) : locate(ws, '')
  const hint = f.class === 'auth' ? authHint(f.message) : failureClass(f.class).hint
  return {
    module: f.path ? moduleId(f.path, f.version ?? '') : undefined,
    class: f.class,
    message: f.message,
    hint,
    file: displayPath(root, where.file),
    line: where.line
  }
}

/**
 * Events whose cache writes are trusted: they run code the repository already holds
 * (pull_request's cache is scoped to the pull request). pull_request_target,
 * issue_comment and workflow_run run with the base's cache scope on behalf of others.
 */
export const TRUSTED_EVENTS = ['push', 'schedule', 'workflow_dispatch', 'merge_group', 'pull_request']

/** ACTIONS_CACHE_MODE: what the run's token lets it do with the cache. */
export function cacheModeAllows(mode: string | undefined): { read: boolean; write: boolean } {
  switch ((mode ?? '').trim().toLowerCase()) {
    case 'none':
      return { read: false, write: false }
    case 'read':
      return { read: true, write: false }
    case 'write-only':
      return { read: false, write: true }
    default:
      return { read: true, write: true }
  }
}

/** Why a save must not happen, or undefined when it may. Order matters: the first reason is the one reported. */
export function saveSkipReason(facts: {
  save: SaveMode
  /** GITHUB_EVENT_NAME; undefined outside GitHub Actions. */
  event?: string
  cacheMode?: string
  backend: boolean
  usable: boolean
  unusableReason?: string
  status: Report['cache']['status']
  ok: boolean
  /** The restored cache held files that did not match go.sum. */
  tampered?: boolean
}): string | undefined {
  if (facts.save === 'false') return 'save is false'
  if (!facts.backend) return 'caching is off'
  if (!cacheModeAllows(facts.cacheMode).write) return `ACTIONS_CACHE_MODE=${facts.cacheMode} does not allow writing the cache`
  if (facts.save === 'auto' && facts.event !== undefined && !TRUSTED_EVENTS.includes(facts.event))
    return `save is auto and ${facts.event} is not a trusted event (${TRUSTED_EVENTS.join(', ')}); set save: true to save anyway`
  if (!facts.usable) return facts.unusableReason ?? 'cache unavailable'
  if (facts.tampered) return 'the restored cache held files that do not match go.sum: this run does not save over it'
  if (facts.status === 'hit') return 'exact key was restored; nothing new to save'
  if (!facts.ok) return 'download failed: only a complete, verified module cache is saved'
  return undefined
}

interface Plan {
  wd: string
  ws: Workspace
  gomodcache: string
  /** GOMODCACHE/cache/download: what is cached. */
  cacheDir: string
  target: CacheTarget
  keys: CacheKeys
  /** The toolchain go would download for this workspace, if any. */
  toolchain?: string
  goEnv: GoEnv
}

async function timed<T>(report: Report, name: string, fn: () => Promise<T>, log?: Log): Promise<T> {
  const started = Date.now()
  try {
    return await fn()
  } finally {
    report.phases.push({ name, durationMs: Date.now() - started })
    log?.debug(`${name}: ${Date.now() - started} ms, resident memory ${Math.round(process.memoryUsage().rss / 1048576)} MB`)
  }
}

/** Plan: the workspace, the module cache and the keys; undefined when there is nothing to do. */
async function plan(options: Options, ctx: PrewarmContext, report: Report): Promise<Plan | undefined> {
  const wd = resolve(options.workingDirectory)
  if (!(await stat(wd).then(s => s.isDirectory(), () => false)))
    throw new InputError('working-directory', `${wd} is not a directory`)
  const goEnv = await readGoEnv(wd, ctx.env)
  const ws = await loadWorkspace(wd, goEnv)
  checkPrivacy(ws, goEnv, ctx.log)
  report.kind = ws.kind
  report.goModFiles = ws.modules.map(m => displayPath(ctx.displayRoot, m.goModPath))
  report.gomodcache = goEnv.GOMODCACHE
  report.modules.inSum = zipEntries(ws).length
  if (!hasDependencies(ws)) {
    report.ok = true
    report.notice = `${report.goModFiles.join(', ')} has no dependencies: nothing to download or cache.`
    report.cache.save = { status: 'skipped', reason: 'no dependencies' }
    return undefined
  }
  const toolchain = toolchainToFetch(goEnv, ws)
  const keys = computeKeys({
    prefix: options.cacheKeyPrefix,
    os: runnerOs(),
    files: await keyFiles(options, wd, ws, ctx.log),
    extra: toolchain ? [`toolchain=${toolchain}-${goEnv.GOOS}-${goEnv.GOARCH}`] : [],
    restorePartial: options.restorePartial
  })
  report.cache.key = keys.key
  report.cache.restoreKeys = keys.restoreKeys
  ctx.log.info(
    `${ws.kind === 'workspace' ? 'Workspace' : 'Module'} ${displayPath(ctx.displayRoot, ws.root) || '.'}: ${report.modules.inSum} module zips in go.sum; GOMODCACHE=${goEnv.GOMODCACHE}`
  )
  ctx.log.info(`Cache key: ${keys.key}${toolchain ? ` (includes toolchain ${toolchain})` : ''}`)
  return {
    wd,
    ws,
    gomodcache: goEnv.GOMODCACHE,
    cacheDir: downloadDir(goEnv.GOMODCACHE),
    target: { root: goEnv.GOMODCACHE, path: 'cache/download' },
    keys,
    toolchain,
    goEnv
  }
}

/** lookup-only: whether the exact key exists, and nothing else. */
async function lookup(p: Plan, ctx: PrewarmContext, report: Report): Promise<void> {
  report.cache.save = { status: 'skipped', reason: 'lookup-only' }
  const backend = ctx.backend
  const availability = backend ? await backend.available() : { ok: false as const, reason: 'caching is off' }
  if (!backend || !availability.ok) {
    Object.assign(report.cache, { status: 'unavailable', reason: availability.ok ? 'caching is off' : availability.reason })
    report.ok = true
    report.notice = `Cache lookup not possible: ${report.cache.reason}.`
    return
  }
  const found = await backend.has(p.target, p.keys.key)
  report.cache.status = found ? 'hit' : 'miss'
  if (found) report.cache.matchedKey = p.keys.key
  report.ok = true
  report.notice = found ? `Cache ${p.keys.key} exists (lookup only: nothing restored).` : `Cache ${p.keys.key} does not exist yet (lookup only).`
}

/** Restore: returns whether the backend can be used for saving later. Cache trouble is a warning, never a failure. */
async function restore(p: Plan, ctx: PrewarmContext, report: Report): Promise<boolean> {
  const { backend, log } = ctx
  const cache = report.cache
  if (!backend) {
    Object.assign(cache, { status: 'unavailable', reason: 'caching is off' })
    return false
  }
  cache.backend = backend.name
  if (!cacheModeAllows(ctx.cacheMode).read) {
    Object.assign(cache, { status: 'unavailable', reason: `ACTIONS_CACHE_MODE=${ctx.cacheMode} does not allow reading the cache` })
    log.info(`Cache not restored: ${cache.reason}`)
    return cacheModeAllows(ctx.cacheMode).write
  }
  const availability = await backend.available()
  if (!availability.ok) {
    Object.assign(cache, { status: 'unavailable', reason: availability.reason })
    log.warning(`Cache not used: ${availability.reason}. Modules will be downloaded; nothing is saved.`)
    return false
  }
  try {
    const restored = await backend.restore(p.target, p.keys.key, p.keys.restoreKeys)
    if (!restored) {
      log.info('Cache miss')
      return true
    }
    cache.matchedKey = restored.matchedKey
    cache.status = restored.matchedKey === p.keys.key ? 'hit' : 'partial'
    cache.restoredBytes = restored.archiveBytes ?? (await treeStats(p.cacheDir)).bytes
    log.info(cache.status === 'hit' ? `Cache hit: ${restored.matchedKey}` : `Partial cache hit from ${restored.matchedKey}`)
    return true
  } catch (err) {
    Object.assign(cache, { status: 'unavailable', reason: `restore failed: ${(err as Error).message}` })
    log.warning(`Cache restore failed, continuing without a cache: ${(err as Error).message}`)
    return false
  }
}

/** Verify: a restored cache is untrusted; what does not match go.sum is deleted, annotated, and fetched fresh. */
async function verify(p: Plan, depth: VerifyDepth, ctx: PrewarmContext, report: Report, zips: () => ZipPool): Promise<void> {
  const result = await verifyCache(p.gomodcache, p.ws.sumFiles.flatMap(s => s.entries), depth, zips)
  report.cache.verify = { depth, checked: result.checked }
  for (const t of result.tampered) {
    await discard(p.gomodcache, t.path, t.version)
    const where = locate(p.ws, t.path, t.version)
    report.cache.tampered.push({
      module: moduleId(t.path, t.version),
      class: 'checksum',
      message: `the restored cache held a ${t.file === 'mod' ? 'go.mod' : t.file === 'zip' ? 'zip' : '.ziphash'} whose h1 is ${t.actual}; go.sum records ${t.expected}`,
      hint: 'Deleted and fetched fresh from the proxy; this run does not save the cache. Something altered the cache entry: look at who can write your caches, and change cache-key-prefix to start a fresh one.',
      file: displayPath(ctx.displayRoot, where.file),
      line: where.line
    })
  }
  if (result.tampered.length > 0) ctx.log.warning(`${result.tampered.length} restored module files do not match go.sum: deleted, to be fetched fresh`)
  else ctx.log.info(`Restored cache matches go.sum (${depth} check of ${result.checked} files)`)
}

/** Prefetch: what go would fetch, straight from GOPROXY and verified; the failures go cannot cure. */
async function runPrefetch(
  p: Plan,
  required: { path: string; version: string }[],
  options: Options,
  ctx: PrewarmContext,
  report: Report,
  zips: () => ZipPool
): Promise<Failure[]> {
  const has = (path: string, version: string, file: VersionFile | 'ziphash'): Promise<boolean> => isFile(versionFile(p.gomodcache, path, version, file))
  const items = await planPrefetch(required, p.ws.sumFiles.flatMap(s => s.entries), has)
  if (items.length === 0) return []
  return ctx.log.group(`Prefetch ${items.length} module versions from GOPROXY`, async () => {
    const netrcPath = ctx.env.NETRC || join(homedir(), '.netrc')
    const netrc = parseNetrc(await readFile(netrcPath, 'utf8').catch(() => ''))
    const client = new ProxyClient({
      concurrency: options.concurrency,
      idleTimeoutMs: Math.min(options.attemptTimeoutMs, 30_000),
      attempts: options.attempts + 1,
      backoff: ctx.backoff ?? DEFAULT_BACKOFF,
      netrc,
      env: ctx.env,
      random: ctx.random,
      sleep: ctx.sleep
    })
    try {
      const result = await prefetch(items, {
        gomodcache: p.gomodcache,
        routing: { goproxy: p.goEnv.GOPROXY, gonoproxy: p.goEnv.GONOPROXY || p.goEnv.GOPRIVATE },
        client,
        concurrency: options.concurrency,
        zips: zips(),
        // go mod download extracts every module it downloads; so do we, as zips land.
        // Not on Windows, where go stopped renaming trees into place (scanners hold them open).
        extract: process.platform === 'win32' ? undefined : { readOnly: !modcacheWritable(p.goEnv.GOFLAGS) }
      })
      report.prefetch = {
        modules: items.length,
        completed: result.completed,
        extracted: result.extracted,
        skipped: result.skipped.length,
        bytes: result.bytes,
        requests: client.requests,
        retries: client.retries
      }
      ctx.log.info(
        `${result.completed} of ${items.length} complete, ${result.extracted} extracted (${formatBytes(result.bytes)}, ${client.requests} requests, ${client.retries} retried), ${result.skipped.length} left to go`
      )
      for (const s of result.skipped.slice(0, 20)) ctx.log.info(`left to go: ${s.id}: ${s.reason}`)
      return result.failures.map(f => ({ path: f.path, version: f.version, class: f.class, message: f.message }))
    } finally {
      await client.close()
    }
  })
}

/** Download: go is the authority, except on an exact hit that already holds every file go.sum names. */
async function download(p: Plan, options: Options, ctx: PrewarmContext, report: Report, zips: () => ZipPool): Promise<void> {
  const required = requiredVersions(p.ws)
  const missing = await missingRequired(p.gomodcache, required)
  if (report.cache.status === 'hit' && missing.length === 0) {
    report.ok = true
    report.modules.ready = report.modules.cached = required.length
    ctx.log.info('Every required module version is in the restored cache: nothing to download.')
    report.phases.push({ name: 'download', durationMs: 0 })
    return
  }
  const zipsBefore = await zipFiles(p.gomodcache)
  const prefetchFailures = options.prefetch ? await timed(report, 'prefetch', () => runPrefetch(p, required, options, ctx, report, zips), ctx.log) : []
  const result = await downloadModules({
    cwd: p.wd,
    gomodcache: p.gomodcache,
    env: ctx.env,
    attempts: options.attempts,
    attemptTimeoutMs: options.attemptTimeoutMs,
    timeoutMs: options.timeoutMs,
    backoff: ctx.backoff ?? DEFAULT_BACKOFF,
    log: ctx.log,
    random: ctx.random,
    sleep: ctx.sleep
  })
  report.attempts = result.attempts
  report.stopReason = result.stopReason
  report.ok = result.ok
  report.modules.ready = result.modules.length
  for (const m of result.modules) {
    if (m.zip && !zipsBefore.has(m.zip)) {
      report.modules.fetched++
      report.modules.fetchedBytes += (await fileSize(m.zip)) + (await fileSize(m.goMod)) + (await fileSize(m.info))
    } else {
      report.modules.cached++
    }
  }
  // go fails on a module the prefetch already found altered: report it once.
  const seen = new Set(prefetchFailures.map(f => `${moduleId(f.path!, f.version!)}#${f.class}`))
  const failures = [...prefetchFailures, ...result.failures.filter(f => !(f.path && seen.has(`${moduleId(f.path, f.version ?? '')}#${f.class}`)))]
  report.failures = failures.map(f => toReported(p.ws, ctx.displayRoot, f))
  if (prefetchFailures.length > 0) report.ok = false
  for (const a of result.attempts) report.phases.push({ name: `download attempt ${a.number}`, durationMs: a.durationMs })
}

/** Save: a key another job saved first is one info line; a failed save a warning, never a failure. */
async function save(p: Plan, backend: CacheBackend, ctx: PrewarmContext, report: Report, options: Options): Promise<void> {
  const { key } = p.keys
  const mode = options.save
  let result: Report['cache']['save']
  let staged: Staged | undefined
  try {
    const entries = p.ws.sumFiles.flatMap(s => s.entries)
    // Without a go.sum there is nothing to prune against: save what go downloaded.
    if (entries.length > 0) {
      staged = await stageForSave(p.gomodcache, keepSet(entries), { keepToolchains: options.keepToolchains, toolchain: p.toolchain })
      report.cache.pruned = staged.pruned
      if (staged.pruned.files > 0)
        ctx.log.info(`Left out of the saved cache: ${staged.pruned.files} files (${formatBytes(staged.pruned.bytes)}) of module versions go.sum no longer lists`)
    }
    const target = staged?.target ?? p.target
    const saved = (await backend.has(target, key)) ? ({ status: 'exists' } as const) : await backend.save(target, key)
    result =
      saved.status === 'saved'
        ? { status: 'saved', reason: `saved as ${key} (save: ${mode}${ctx.event ? `, event ${ctx.event}` : ''})`, bytes: saved.archiveBytes }
        : saved.status === 'exists'
          ? { status: 'exists', reason: 'another job saved this key first' }
          : { status: 'failed', reason: saved.reason }
  } catch (err) {
    result = { status: 'failed', reason: (err as Error).message }
  } finally {
    await staged?.remove()
  }
  report.cache.save = result
  if (result.status === 'exists') ctx.log.info(`Cache not saved: ${key} was saved by another job first.`)
  else if (result.status === 'failed') ctx.log.warning(`Cache not saved: ${result.reason}`)
  else ctx.log.info(`Cache saved: ${key}`)
}

export async function prewarm(options: Options, context: PrewarmContext): Promise<Report> {
  const redactor = context.redactor ?? new Redactor()
  const ctx: PrewarmContext = { ...context, log: redactingLog(context.log, redactor) }
  const report = await run(options, ctx)
  return redactor.redactValue(report)
}

async function run(options: Options, ctx: PrewarmContext): Promise<Report> {
  const report = emptyReport()
  const started = Date.now()
  // Worker threads for zip hashing, started only when a zip needs hashing.
  let pool: ZipPool | undefined
  const zips = (): ZipPool => (pool ??= new ZipPool())
  try {
    const p = await timed(report, 'plan', () => plan(options, ctx, report), ctx.log)
    if (!p) return report
    if (options.lookupOnly) {
      await timed(report, 'lookup', () => lookup(p, ctx, report))
      return report
    }
    const usable = await timed(report, 'restore', () => restore(p, ctx, report), ctx.log)
    const status = report.cache.status
    if ((status === 'hit' || status === 'partial') && options.verify !== 'off') {
      const depth = options.verify === 'auto' ? (status === 'partial' ? 'full' : 'fast') : options.verify
      await timed(report, 'verify', () => verify(p, depth, ctx, report, zips))
    }
    await download(p, options, ctx, report, zips)
    const skip = saveSkipReason({
      save: options.save,
      event: ctx.event,
      cacheMode: ctx.cacheMode,
      backend: ctx.backend !== undefined,
      usable,
      unusableReason: report.cache.reason,
      status: report.cache.status,
      ok: report.ok,
      tampered: report.cache.tampered.length > 0
    })
    const backend = ctx.backend
    if (skip === undefined && backend) await timed(report, 'save', () => save(p, backend, ctx, report, options))
    else {
      report.cache.save = { status: 'skipped', reason: skip ?? 'caching is off' }
      if (report.ok && report.cache.status !== 'hit') ctx.log.info(`Cache not saved: ${report.cache.save.reason}`)
    }
    return report
  } finally {
    await pool?.close()
    report.durationMs = Date.now() - started
  }
}
