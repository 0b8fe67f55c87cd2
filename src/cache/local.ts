// A cache in a local directory: one tar archive per key. Archives are written under a
// temporary name and linked into place, so a run killed half-way never leaves an
// entry that restores half a cache.
import { link, mkdir, readdir, rm, stat, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { runProcess } from '../util/process.js'
import { exists, tempSibling } from '../util/fs.js'
import type { CacheBackend, CacheTarget, RestoreResult, SaveResult } from './backend.js'

const SUFFIX = '.tar'

/** Entries unused this long are removed after a save, as the GitHub cache service evicts them. */
export const LOCAL_MAX_AGE_MS = 7 * 24 * 3600 * 1000

export class LocalCache implements CacheBackend {
  readonly name = 'local'

  constructor(
    readonly root: string,
    private readonly maxAgeMs = LOCAL_MAX_AGE_MS
  ) {}

  /** Removes entries not restored or saved within maxAgeMs; restores refresh an entry's time. */
  async evict(now = Date.now()): Promise<string[]> {
    const removed: string[] = []
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      if (!name.endsWith(SUFFIX) || name.startsWith('.')) continue
      const p = join(this.root, name)
      const s = await stat(p).catch(() => undefined)
      if (s && now - s.mtimeMs > this.maxAgeMs) {
        await rm(p, { force: true })
        removed.push(name.slice(0, -SUFFIX.length))
      }
    }
    return removed
  }

  private archive(key: string): string {
    return join(this.root, key + SUFFIX)
  }

  async available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await mkdir(this.root, { recursive: true })
      return { ok: true }
    } catch (err) {
      return { ok: false, reason: `cache-dir ${this.root} cannot be created: ${(err as Error).message}` }
    }
  }

  /** The exact key, else the newest entry whose key starts with a restore key, tried in order. */
  private async find(key: string, restoreKeys: string[]): Promise<string | undefined> {
    if (await exists(this.archive(key))) return key
    const names = (await readdir(this.root).catch(() => [] as string[])).filter(n => n.endsWith(SUFFIX) && !n.startsWith('.'))
    for (const prefix of restoreKeys) {
      const candidates = await Promise.all(
        names
          .filter(n => n.startsWith(prefix))
          .map(async n => ({ key: n.slice(0, -SUFFIX.length), mtime: (await stat(join(this.root, n))).mtimeMs }))
      )
      candidates.sort((a, b) => b.mtime - a.mtime)
      if (candidates[0]) return candidates[0].key
    }
    return undefined
  }

  async restore(target: CacheTarget, key: string, restoreKeys: string[]): Promise<RestoreResult | undefined> {
    const matchedKey = await this.find(key, restoreKeys)
    if (!matchedKey) return undefined
    const dir = join(target.root, target.path)
    const archive = this.archive(matchedKey)
    await mkdir(dir, { recursive: true })
    const result = await runProcess('tar', ['-xf', archive, '-C', dir], { cwd: this.root, env: process.env })
    if (result.exitCode !== 0) throw new Error(`tar could not extract ${archive}: ${result.stderr.trim()}`)
    // Recently used entries are the ones a partial restore should prefer and a cleanup keep.
    const now = new Date()
    await utimes(archive, now, now).catch(() => undefined)
    return { matchedKey, archiveBytes: (await stat(archive)).size }
  }

  async has(_target: CacheTarget, key: string): Promise<boolean> {
    return exists(this.archive(key))
  }

  async save(what: CacheTarget, key: string): Promise<SaveResult> {
    const dir = join(what.root, what.path)
    const target = this.archive(key)
    if (await exists(target)) return { status: 'exists' }
    await mkdir(this.root, { recursive: true })
    const tmp = tempSibling(target)
    try {
      const result = await runProcess('tar', ['-cf', tmp, '-C', dir, '.'], { cwd: this.root, env: process.env })
      if (result.exitCode !== 0) return { status: 'failed', reason: `tar failed: ${result.stderr.trim()}` }
      // link, unlike rename, refuses to replace: of several jobs saving one key at once,
      // exactly one wins, and the others learn that the key exists.
      try {
        await link(tmp, target)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { status: 'exists' }
        throw err
      }
      const archiveBytes = (await stat(target)).size
      await this.evict()
      return { status: 'saved', archiveBytes }
    } finally {
      await rm(tmp, { force: true })
    }
  }
}
