// The pipeline: plan, key, restore, download, save. No GitHub glue here: the action
// and the CLI pass in a Log and a CacheBackend and render the Report they get back.
import { isAbsolute, join, relative, resolve } from 'node:path'
import * as glob from '@actions/glob'
import { readFile, stat } from 'node:fs/promises'
import type { CacheBackend } from './cache/backend.js'
import { computeKeys, runnerOs, toolchainToFetch, type KeyFile } from './cache/key.js'
import { downloadModules } from './go/download.js'
import { readGoEnv } from './go/env.js'
import { failureClass, hostOf } from './go/failure.js'
import { downloadDir, fileSize, missingEntries, removeTempFiles, zipFiles } from './go/modcache.js'
import { hasDependencies, loadWorkspace, locate, zipEntries, type Workspace } from './go/workspace.js'
import { moduleId } from './go/escape.js'
import type { Log } from './log.js'
import { InputError, type Options } from './options.js'
import { emptyReport, type Report, type ReportedFailure } from './report/report.js'
import { DEFAULT_BACKOFF, type BackoffPolicy } from './util/backoff.js'
import { treeStats } from './util/fs.js'

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

function toReported(ws: Workspace, root: string, f: { path?: string; version?: string; class: ReportedFailure['class']; message: string }): ReportedFailure {
  const where = f.path ? locate(ws, f.path, f.version) : locate(ws, '')
  let hint = failureClass(f.class).hint
  const host = hostOf(f.message)
  if (f.class === 'auth' && host) hint = hint.replace(/^The server/, host)
  return {
    module: f.path ? moduleId(f.path, f.version ?? '') : undefined,
    class: f.class,
    message: f.message,
    hint,
    file: displayPath(root, where.file),
    line: where.line
  }
}

export async function prewarm(options: Options, ctx: PrewarmContext): Promise<Report> {
  const { log } = ctx
  const report = emptyReport()
  const started = Date.now()
  let phaseStart = started
  const phase = (name: string): void => {
    const now = Date.now()
    report.phases.push({ name, durationMs: now - phaseStart })
    phaseStart = now
  }
  const done = (): Report => {
    report.durationMs = Date.now() - started
    return report
  }

  // Plan
  const wd = resolve(options.workingDirectory)
  if (!(await stat(wd).then(s => s.isDirectory(), () => false)))
    throw new InputError('working-directory', `${wd} is not a directory`)
  const goEnv = await readGoEnv(wd, ctx.env)
  const ws = await loadWorkspace(wd, goEnv)
  report.kind = ws.kind
  report.goModFiles = ws.modules.map(m => displayPath(ctx.displayRoot, m.goModPath))
  report.gomodcache = goEnv.GOMODCACHE
  const zips = zipEntries(ws)
  report.modules.inSum = zips.length
  if (!hasDependencies(ws)) {
    phase('plan')
    report.ok = true
    report.notice = `${report.goModFiles.join(', ')} has no dependencies: nothing to download or cache.`
    report.cache.save = { status: 'skipped', reason: 'no dependencies' }
    return done()
  }
  const toolchain = toolchainToFetch(goEnv, ws)
  const keys = computeKeys({
    prefix: options.cacheKeyPrefix,
    os: runnerOs(),
    files: await keyFiles(options, wd, ws, log),
    extra: toolchain ? [`toolchain=${toolchain}-${goEnv.GOOS}-${goEnv.GOARCH}`] : [],
    restorePartial: options.restorePartial
  })
  report.cache.key = keys.key
  report.cache.restoreKeys = keys.restoreKeys
  const cacheDir = downloadDir(goEnv.GOMODCACHE)
  log.info(`${ws.kind === 'workspace' ? 'Workspace' : 'Module'} ${displayPath(ctx.displayRoot, ws.root) || '.'}: ${zips.length} module zips in go.sum; GOMODCACHE=${goEnv.GOMODCACHE}`)
  log.info(`Cache key: ${keys.key}${toolchain ? ` (includes toolchain ${toolchain})` : ''}`)
  phase('plan')

  // Restore
  const backend = ctx.backend
  let usable = false
  if (backend) {
    report.cache.backend = backend.name
    const availability = await backend.available()
    if (!availability.ok) {
      report.cache.status = 'unavailable'
      report.cache.reason = availability.reason
      log.warning(`Cache not used: ${availability.reason}. Modules will be downloaded; nothing is saved.`)
    } else {
      usable = true
      try {
        const restored = await backend.restore(cacheDir, keys.key, keys.restoreKeys)
        if (restored) {
          report.cache.matchedKey = restored.matchedKey
          report.cache.status = restored.matchedKey === keys.key ? 'hit' : 'partial'
          report.cache.restoredBytes = restored.archiveBytes ?? (await treeStats(cacheDir)).bytes
          log.info(report.cache.status === 'hit' ? `Cache hit: ${restored.matchedKey}` : `Partial cache hit from ${restored.matchedKey}`)
        } else {
          log.info('Cache miss')
        }
      } catch (err) {
        usable = false
        report.cache.status = 'unavailable'
        report.cache.reason = `restore failed: ${(err as Error).message}`
        log.warning(`Cache restore failed, continuing without a cache: ${(err as Error).message}`)
      }
    }
  } else {
    report.cache.status = 'unavailable'
    report.cache.reason = 'caching is off'
  }
  phase('restore')

  // Download: go is the authority, except on an exact hit that already holds every file go.sum names.
  const missing = await missingEntries(goEnv.GOMODCACHE, ws.sumFiles.flatMap(s => s.entries))
  if (report.cache.status === 'hit' && missing.length === 0) {
    report.ok = true
    report.modules.ready = zips.length
    report.modules.cached = zips.length
    log.info('Every module version in go.sum is in the restored cache: nothing to download.')
    phase('download')
  } else {
    const zipsBefore = await zipFiles(goEnv.GOMODCACHE)
    const result = await downloadModules({
      cwd: wd,
      gomodcache: goEnv.GOMODCACHE,
      env: ctx.env,
      attempts: options.attempts,
      attemptTimeoutMs: options.attemptTimeoutMs,
      timeoutMs: options.timeoutMs,
      backoff: ctx.backoff ?? DEFAULT_BACKOFF,
      log,
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
    report.failures = result.failures.map(f => toReported(ws, ctx.displayRoot, f))
    for (const a of result.attempts) report.phases.push({ name: `download attempt ${a.number}`, durationMs: a.durationMs })
    phaseStart = Date.now()
  }

  // Save: only a complete, verified cache, and only when the exact key missed.
  const save = report.cache.save
  if (!options.save) Object.assign(save, { status: 'skipped', reason: 'save is false' })
  else if (!backend) Object.assign(save, { status: 'skipped', reason: 'caching is off' })
  else if (!usable) Object.assign(save, { status: 'skipped', reason: report.cache.reason ?? 'cache unavailable' })
  else if (report.cache.status === 'hit') Object.assign(save, { status: 'skipped', reason: 'exact key was restored; nothing new to save' })
  else if (!report.ok) Object.assign(save, { status: 'skipped', reason: 'download failed: only a complete, verified module cache is saved' })
  else {
    await removeTempFiles(cacheDir)
    try {
      if (await backend.has(cacheDir, keys.key)) {
        Object.assign(save, { status: 'exists', reason: 'another job saved this key first' })
      } else {
        const saved = await backend.save(cacheDir, keys.key)
        if (saved.status === 'saved') Object.assign(save, { status: 'saved', reason: `saved as ${keys.key}`, bytes: saved.archiveBytes })
        else if (saved.status === 'exists') Object.assign(save, { status: 'exists', reason: 'another job saved this key first' })
        else Object.assign(save, { status: 'failed', reason: saved.reason })
      }
    } catch (err) {
      Object.assign(save, { status: 'failed', reason: (err as Error).message })
    }
    if (save.status === 'exists') log.info(`Cache not saved: ${keys.key} was saved by another job first.`)
    else if (save.status === 'failed') log.warning(`Cache not saved: ${save.reason}`)
    else log.info(`Cache saved: ${keys.key}`)
    phase('save')
  }
  return done()
}
