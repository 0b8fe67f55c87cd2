// The outcome of one run, as data: the action turns it into annotations, a job
// summary and outputs; the CLI into text or JSON.
import type { AttemptRecord, StopReason } from '../go/download.js'
import type { FailureClassName } from '../go/failure.js'

export type CacheStatus = 'hit' | 'partial' | 'miss' | 'unavailable'

export type SaveStatus = 'saved' | 'exists' | 'skipped' | 'failed'

export interface ReportedFailure {
  module?: string
  class: FailureClassName
  message: string
  hint: string
  /** Path relative to the workspace (the repository root in Actions). */
  file: string
  line: number
}

export interface Phase {
  name: string
  durationMs: number
}

export interface Report {
  ok: boolean
  /** A run that ended before downloading anything, e.g. no dependencies. */
  notice?: string
  /** A fatal error that stopped the run (bad input, no go). */
  error?: string
  kind?: 'module' | 'workspace'
  goModFiles: string[]
  gomodcache?: string
  cache: {
    backend?: string
    key?: string
    restoreKeys: string[]
    status: CacheStatus
    matchedKey?: string
    /** Why the cache could not be used, when status is 'unavailable'. */
    reason?: string
    restoredBytes?: number
    /** The check of the restored cache against go.sum. */
    verify?: { depth: 'full' | 'fast'; checked: number }
    /** Restored module versions that did not match go.sum: deleted and fetched fresh. */
    tampered: ReportedFailure[]
    /** What the saved entry left out: module versions the sum files no longer list. */
    pruned?: { files: number; bytes: number }
    save: { status: SaveStatus; reason: string; bytes?: number }
  }
  modules: {
    /** Distinct module zips listed in the sum files. */
    inSum: number
    /** Modules go reported ready. */
    ready: number
    cached: number
    fetched: number
    fetchedBytes: number
  }
  phases: Phase[]
  /** The prefetch from GOPROXY, when it ran. */
  /** extracted: module versions the prefetch also unpacked into go's module directory. */
  prefetch?: { modules: number; completed: number; extracted: number; skipped: number; bytes: number; requests: number; retries: number }
  attempts: AttemptRecord[]
  stopReason?: StopReason
  failures: ReportedFailure[]
  durationMs: number
}

export function emptyReport(): Report {
  return {
    ok: false,
    goModFiles: [],
    cache: { restoreKeys: [], status: 'miss', tampered: [], save: { status: 'skipped', reason: 'not reached' } },
    modules: { inSum: 0, ready: 0, cached: 0, fetched: 0, fetchedBytes: 0 },
    phases: [],
    attempts: [],
    failures: [],
    durationMs: 0
  }
}
