import { cacheModeAllows, saveSkipReason } from '../../src/prewarm.js'

const allowed = { save: 'auto' as const, event: 'push', backend: true, usable: true, status: 'miss' as const, ok: true }

describe('when the cache is saved', () => {
  test('a miss or a partial hit after a complete download is saved', () => {
    expect(saveSkipReason(allowed)).toBeUndefined()
    expect(saveSkipReason({ ...allowed, status: 'partial' })).toBeUndefined()
  })
  test('never after a failed download', () => {
    expect(saveSkipReason({ ...allowed, ok: false })).toMatch(/^download failed/)
  })
  test('not when the exact key was restored', () => {
    expect(saveSkipReason({ ...allowed, status: 'hit' })).toMatch(/^exact key was restored/)
  })
  test('not when told so, or without a usable cache; the first reason wins', () => {
    expect(saveSkipReason({ ...allowed, save: 'false', ok: false })).toBe('save is false')
    expect(saveSkipReason({ ...allowed, backend: false })).toBe('caching is off')
    expect(saveSkipReason({ ...allowed, usable: false, unusableReason: 'restore failed: x' })).toBe('restore failed: x')
  })
  test.each(['push', 'schedule', 'workflow_dispatch', 'merge_group', 'pull_request'])('save: auto saves on %s', event => {
    expect(saveSkipReason({ ...allowed, event })).toBeUndefined()
  })
  test.each(['pull_request_target', 'issue_comment', 'workflow_run', 'release'])('save: auto never saves on %s, and says why', event => {
    expect(saveSkipReason({ ...allowed, event })).toBe(
      `save is auto and ${event} is not a trusted event (push, schedule, workflow_dispatch, merge_group, pull_request); set save: true to save anyway`
    )
  })
  test('save: true saves on any event; outside GitHub (no event) auto saves', () => {
    expect(saveSkipReason({ ...allowed, save: 'true', event: 'pull_request_target' })).toBeUndefined()
    expect(saveSkipReason({ ...allowed, event: undefined })).toBeUndefined()
  })
  test.each(['read', 'none'])('never when ACTIONS_CACHE_MODE=%s forbids writing, even with save: true', mode => {
    expect(saveSkipReason({ ...allowed, save: 'true', cacheMode: mode })).toBe(`ACTIONS_CACHE_MODE=${mode} does not allow writing the cache`)
  })
  test('cache modes', () => {
    expect([undefined, 'write', 'read', 'none', 'write-only'].map(m => cacheModeAllows(m))).toEqual([
      { read: true, write: true },
      { read: true, write: true },
      { read: true, write: false },
      { read: false, write: false },
      { read: false, write: true }
    ])
  })
})

describe('what the cache client said about a failed reservation', () => {
  const line = 'Failed to save: Unable to reserve cache with key k, another job may be creating this cache.'
  test('a 409 is a lost race', async () => {
    const { reserveOutcome } = await import('../../src/cache/github.js')
    expect(reserveOutcome(`::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Failed request: (409) Conflict: exists\n${line}\n`).lostRace).toBe(true)
  })
  test('a 429 or a 5xx is not, whatever the client calls it', async () => {
    const { reserveOutcome } = await import('../../src/cache/github.js')
    const r = reserveOutcome(`::debug::Failed to reserve cache: RateLimitError: Rate limited: Failed request: (429) Too Many Requests\n${line}\n`)
    expect(r).toEqual({ lostRace: false, cause: 'RateLimitError: Rate limited: Failed request: (429) Too Many Requests' })
    expect(reserveOutcome(`::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Failed request: (500) Internal Server Error\n${line}\n`).lostRace).toBe(false)
  })
  test('no reservation failure at all', async () => {
    const { reserveOutcome } = await import('../../src/cache/github.js')
    expect(reserveOutcome('Cache saved\n')).toEqual({ lostRace: false })
  })
})
