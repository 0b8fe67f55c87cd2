// The GitHub Actions cache service, through the unmodified @actions/cache client.
// Service trouble never fails the job: the pipeline carries on without a cache.
import * as cache from '@actions/cache'
import type { CacheBackend, CacheTarget, RestoreResult, SaveResult } from './backend.js'

/**
 * Runs the client with `root` as its working directory and GITHUB_WORKSPACE. The entry's
 * version then hashes the relative path (`cache/download`), not where GOMODCACHE happens
 * to live, and its tar entries are relative to GOMODCACHE: a runner with another home
 * directory restores the same entry into its own module cache. The pipeline runs one
 * phase at a time, so nothing else depends on the working directory meanwhile.
 */
async function inRoot<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd()
  const workspace = process.env.GITHUB_WORKSPACE
  process.chdir(root)
  process.env.GITHUB_WORKSPACE = root
  try {
    return await fn()
  } finally {
    process.chdir(cwd)
    if (workspace === undefined) delete process.env.GITHUB_WORKSPACE
    else process.env.GITHUB_WORKSPACE = workspace
  }
}

/**
 * What the client writes while `fn` runs. saveCache reports a lost reserve race only as
 * a log line (and -1, as for every failure), so that line is how we tell the two apart.
 */
async function capturingStdout<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const write = process.stdout.write.bind(process.stdout)
  let output = ''
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    const callback = rest.find(r => typeof r === 'function') as (() => void) | undefined
    callback?.()
    return true
  }) as typeof process.stdout.write
  try {
    return { value: await fn(), output }
  } finally {
    process.stdout.write = write
  }
}

// The client words every failed reservation (a 429, a 5xx after its retries) as "another
// job may be creating this cache"; only its debug line has the status, and a lost race
// is a 409 (or, from a service that answers ok: false, "already exists").
const RESERVE_FAILED = /Unable to reserve cache with key .*another job may be creating this cache/
const RESERVE_CAUSE = /::debug::Failed to reserve cache: (.*)$/
const CONFLICT = /\(409\)|already exists/

/** Whether the client's output says the save lost a reserve race, and what else it said. */
export function reserveOutcome(output: string): { lostRace: boolean; cause?: string } {
  const lines = output.split('\n')
  if (!lines.some(l => RESERVE_FAILED.test(l))) return { lostRace: false }
  const cause = lines.map(l => RESERVE_CAUSE.exec(l)?.[1]).find(c => c !== undefined)
  return { lostRace: cause === undefined || CONFLICT.test(cause), cause }
}

export class GitHubCache implements CacheBackend {
  readonly name = 'github'

  async available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    return cache.isFeatureAvailable()
      ? { ok: true }
      : { ok: false, reason: 'the GitHub Actions cache service is not available to this job' }
  }

  async restore(target: CacheTarget, key: string, restoreKeys: string[]): Promise<RestoreResult | undefined> {
    const matchedKey = await inRoot(target.root, () => cache.restoreCache([target.path], key, restoreKeys))
    return matchedKey ? { matchedKey } : undefined
  }

  async has(target: CacheTarget, key: string): Promise<boolean> {
    return (await inRoot(target.root, () => cache.restoreCache([target.path], key, [], { lookupOnly: true }))) === key
  }

  async save(target: CacheTarget, key: string): Promise<SaveResult> {
    const { value: id, output } = await capturingStdout(() => inRoot(target.root, () => cache.saveCache([target.path], key)))
    if (id !== -1) {
      process.stdout.write(output)
      return { status: 'saved' }
    }
    const reserve = reserveOutcome(output)
    // Our own line says what happened; the client's "another job may be creating this
    // cache" would only repeat it, or, for a 429 or a 5xx, mislead.
    process.stdout.write(output.split('\n').filter(l => !RESERVE_FAILED.test(l)).join('\n'))
    if (reserve.lostRace) return { status: 'exists' }
    return {
      status: 'failed',
      reason: reserve.cause ? `the cache service refused the reservation: ${reserve.cause}` : 'the cache service did not accept the entry (see the lines above)'
    }
  }
}
