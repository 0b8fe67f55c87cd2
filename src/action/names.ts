// Output and state names, defined once. Input names live in ../options.ts.

export const Outputs = {
  CacheHit: 'cache-hit',
  CacheKey: 'cache-key',
  CacheMatchedKey: 'cache-matched-key',
  Modules: 'modules',
  ModulesFetched: 'modules-fetched',
  Gomodcache: 'gomodcache'
} as const

export const OUTPUT_DESCRIPTIONS: Record<(typeof Outputs)[keyof typeof Outputs], string> = {
  'cache-hit': 'true when the exact cache key was restored, else false (always set).',
  'cache-key': 'The cache key computed for this run.',
  'cache-matched-key': 'The key of the cache entry restored (the exact key or a partial match), empty on a miss.',
  modules: 'Number of module versions ready in the module cache.',
  'modules-fetched': 'Number of module versions downloaded by this run.',
  gomodcache: 'The module cache directory (go env GOMODCACHE).'
}

export const State = {
  /** Files and directories the main step created, for the post step to remove. */
  Cleanup: 'cleanup',
  /** Set when the main step got as far as writing its report. */
  MainDone: 'main-done',
  /** Exported variables that point at removed files, and the values to put back. */
  Restore: 'restore-env'
} as const
