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

const LOST_RACE = /Unable to reserve cache with key .*another job may be creating this cache/

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
    if (id === -1 && output.split('\n').some(l => LOST_RACE.test(l))) {
      // Our own info line says it; the client's would only repeat it.
      process.stdout.write(output.split('\n').filter(l => !LOST_RACE.test(l)).join('\n'))
      return { status: 'exists' }
    }
    process.stdout.write(output)
    if (id !== -1) return { status: 'saved' }
    return { status: 'failed', reason: 'the cache service did not accept the entry (see the lines above)' }
  }
}
