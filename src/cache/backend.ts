// Where cache entries live. The pipeline knows only this interface; the action picks
// the GitHub cache service, the CLI a local directory.

export interface RestoreResult {
  /** The key of the entry restored: the exact key or one found by a restore key. */
  matchedKey: string
  /** Size of the archive transferred, when the backend knows it. */
  archiveBytes?: number
}

export type SaveResult =
  | { status: 'saved'; archiveBytes?: number }
  /** Another job saved this key first: nothing wrong. */
  | { status: 'exists' }
  | { status: 'failed'; reason: string }

/**
 * What is cached: `path` (relative, '/'-separated) below `root`. Entries hold paths
 * relative to root, so they restore into another root: another runner's GOMODCACHE.
 */
export interface CacheTarget {
  root: string
  path: string
}

export interface CacheBackend {
  readonly name: string
  /** Whether the backend can be used at all here; the reason when not. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>
  restore(target: CacheTarget, key: string, restoreKeys: string[]): Promise<RestoreResult | undefined>
  /** Whether an entry with exactly this key exists, without transferring it. */
  has(target: CacheTarget, key: string): Promise<boolean>
  save(target: CacheTarget, key: string): Promise<SaveResult>
}
