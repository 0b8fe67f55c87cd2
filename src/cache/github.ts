// The GitHub Actions cache service, through the unmodified @actions/cache client.
// Service trouble never fails the job: the pipeline carries on without a cache.
import * as cache from '@actions/cache'
import type { CacheBackend, RestoreResult, SaveResult } from './backend.js'

export class GitHubCache implements CacheBackend {
  readonly name = 'github'

  async available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    return cache.isFeatureAvailable()
      ? { ok: true }
      : { ok: false, reason: 'the GitHub Actions cache service is not available to this job' }
  }

  async restore(dir: string, key: string, restoreKeys: string[]): Promise<RestoreResult | undefined> {
    const matchedKey = await cache.restoreCache([dir], key, restoreKeys)
    return matchedKey ? { matchedKey } : undefined
  }

  async has(dir: string, key: string): Promise<boolean> {
    return (await cache.restoreCache([dir], key, [], { lookupOnly: true })) === key
  }

  async save(dir: string, key: string): Promise<SaveResult> {
    const id = await cache.saveCache([dir], key)
    if (id !== -1) return { status: 'saved' }
    // -1 covers both a lost race and a service error; which one it was, the service can tell.
    if (await this.has(dir, key).catch(() => false)) return { status: 'exists' }
    return { status: 'failed', reason: 'the cache service did not accept the entry (see the lines above)' }
  }
}
