// `go mod download -json` under a deadline per attempt and an overall timeout, with
// exponential backoff and full jitter between attempts, and a new attempt only while
// every failure is one that another attempt can cure. go itself skips what an earlier
// attempt already put in the module cache, so a retry redoes only what is missing.
import { backoffDelay, type BackoffPolicy } from '../util/backoff.js'
import { formatDuration } from '../util/duration.js'
import { runProcess, type ProcessResult } from '../util/process.js'
import type { Log } from '../log.js'
import { moduleId } from './escape.js'
import { classify, failureClass, trimMessage, type FailureClassName } from './failure.js'
import { idOf, parseModuleOutcomes, parseStderr, type ModuleOutcome, type ProxyRequest } from './download-output.js'
import { versionFile } from './modcache.js'
import { existsSync } from 'node:fs'

export interface Failure {
  path?: string
  version?: string
  class: FailureClassName
  /** go's text, trimmed to what matters. */
  message: string
}

export interface AttemptRecord {
  number: number
  durationMs: number
  exitCode: number | null
  timedOut: boolean
  failures: Failure[]
  /** Sleep before the next attempt, when there was one. */
  backoffMs?: number
}

export type StopReason = 'not-retryable' | 'attempts-exhausted' | 'timeout'

export interface DownloadResult {
  ok: boolean
  attempts: AttemptRecord[]
  /** Every module go reported without an error, over all attempts. */
  modules: ModuleOutcome[]
  /** The failures of the last attempt: what is still wrong. */
  failures: Failure[]
  stopReason?: StopReason
}

export interface DownloadOptions {
  cwd: string
  gomodcache: string
  env: NodeJS.ProcessEnv
  attempts: number
  attemptTimeoutMs: number
  timeoutMs: number
  backoff: BackoffPolicy
  log: Log
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

export const DOWNLOAD_ARGS = ['mod', 'download', '-json', '-x']

/** Whether the file a request fetches is in the module cache. */
export type Landed = (request: ProxyRequest) => boolean

/**
 * What one run of go said: the modules it got, and every failure, attributed where go
 * names the module. For a run stopped at its deadline, the requests whose file never
 * landed in the module cache are what go was waiting for.
 */
export function analyseAttempt(result: ProcessResult, deadlineMs: number, landed: Landed = () => false): { outcomes: ModuleOutcome[]; failures: Failure[] } {
  const outcomes = parseModuleOutcomes(result.stdout)
  const stderr = parseStderr(result.stderr)
  const failures: Failure[] = []
  const failed = new Set<string>()
  for (const o of outcomes) {
    if (!o.error) continue
    const id = moduleId(o.path, o.version)
    failed.add(id)
    failures.push({ path: o.path, version: o.version, class: classify(o.error).name, message: trimMessage(o.error, id) })
  }
  if (result.timedOut) {
    const unfinished = stderr.requests.filter(r => r.status === undefined || (r.status.startsWith('200') && !landed(r)))
    for (const r of unfinished) {
      const id = idOf(r)
      if (id && failed.has(id)) continue
      if (id) failed.add(id)
      failures.push({
        path: r.path,
        version: r.version,
        class: 'timeout',
        message: `${r.status === undefined ? 'no response' : 'response body incomplete'} for ${r.url} within the attempt deadline (${formatDuration(deadlineMs)})`
      })
    }
    if (unfinished.length === 0) {
      failures.push({ class: 'timeout', message: `go mod download did not finish within the attempt deadline (${formatDuration(deadlineMs)})` })
    }
    return { outcomes, failures }
  }
  const attributed = stderr.messages.filter(m => idOf(m) !== undefined)
  for (const m of attributed) {
    const id = idOf(m)!
    if (failed.has(id)) continue
    failed.add(id)
    failures.push({ path: m.path, version: m.version, class: classify(m.text).name, message: trimMessage(m.text, id) })
  }
  if (result.exitCode !== 0 && failures.length === 0) {
    const text = stderr.messages.map(m => m.text).join('\n') || `go mod download exited with ${result.exitCode ?? result.signal}`
    failures.push({ class: classify(text).name, message: trimMessage(text) })
  }
  return { outcomes, failures }
}

function failureKey(f: Failure): string {
  return `${f.path ?? ''}@${f.version ?? ''}#${f.class}`
}

/** Another attempt helps only if every failure is of a class whose retry budget is not spent. */
export function retryable(history: AttemptRecord[]): boolean {
  const last = history[history.length - 1]
  if (!last || last.failures.length === 0) return false
  return last.failures.every(f => {
    const seen = history.filter(a => a.failures.some(g => failureKey(g) === failureKey(f))).length
    return seen <= failureClass(f.class).retries
  })
}

const defaultSleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms))

export async function downloadModules(options: DownloadOptions): Promise<DownloadResult> {
  const { log } = options
  const sleep = options.sleep ?? defaultSleep
  const started = Date.now()
  const attempts: AttemptRecord[] = []
  const good = new Map<string, ModuleOutcome>()
  const finish = (ok: boolean, stopReason?: StopReason): DownloadResult => ({
    ok,
    attempts,
    modules: [...good.values()],
    failures: attempts[attempts.length - 1]?.failures ?? [],
    stopReason
  })

  for (let n = 1; n <= options.attempts; n++) {
    const remaining = options.timeoutMs - (Date.now() - started)
    if (remaining <= 0) return finish(false, 'timeout')
    const deadline = Math.min(options.attemptTimeoutMs, remaining)
    const record = await log.group(`go mod download, attempt ${n} of ${options.attempts}`, async () => {
      const result = await runProcess('go', DOWNLOAD_ARGS, { cwd: options.cwd, env: options.env, timeoutMs: deadline })
      const landed: Landed = r =>
        r.path !== undefined && r.version !== undefined && (r.file === 'zip' || r.file === 'mod' || r.file === 'info')
          ? existsSync(versionFile(options.gomodcache, r.path, r.version, r.file))
          : true
      const { outcomes, failures } = analyseAttempt(result, deadline, landed)
      for (const o of outcomes) if (!o.error) good.set(moduleId(o.path, o.version), o)
      const rec: AttemptRecord = { number: n, durationMs: result.durationMs, exitCode: result.exitCode, timedOut: result.timedOut, failures }
      log.debug(`go output: ${result.stdout.length} bytes on stdout, ${result.stderr.length} on stderr; resident memory ${Math.round(process.memoryUsage().rss / 1048576)} MB`)
      const okCount = outcomes.filter(o => !o.error).length
      log.info(`${okCount} modules ready, ${failures.length} failed, in ${formatDuration(result.durationMs)}${result.timedOut ? ' (deadline reached: go was stopped)' : ''}`)
      for (const f of failures) {
        const who = f.path ? moduleId(f.path, f.version ?? '') : 'go mod download'
        log.info(`${who}: ${f.class}: ${f.message}`)
      }
      return rec
    })
    attempts.push(record)
    if (record.failures.length === 0 && record.exitCode === 0) return finish(true)
    if (!retryable(attempts)) return finish(false, 'not-retryable')
    if (n === options.attempts) return finish(false, 'attempts-exhausted')
    const delay = backoffDelay(n, options.backoff, options.random)
    if (Date.now() - started + delay >= options.timeoutMs) return finish(false, 'timeout')
    record.backoffMs = delay
    log.info(`Transient failures: attempt ${n + 1} in ${formatDuration(delay)}`)
    await sleep(delay)
  }
  return finish(false, 'attempts-exhausted')
}
