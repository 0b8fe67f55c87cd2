import { saveSkipReason } from '../../src/prewarm.js'

const allowed = { save: true, backend: true, usable: true, status: 'miss' as const, ok: true }

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
    expect(saveSkipReason({ ...allowed, save: false, ok: false })).toBe('save is false')
    expect(saveSkipReason({ ...allowed, backend: false })).toBe('caching is off')
    expect(saveSkipReason({ ...allowed, usable: false, unusableReason: 'restore failed: x' })).toBe('restore failed: x')
  })
})
