import { backoffCeiling, backoffDelay } from '../../src/util/backoff.js'
import { formatBytes, parseDuration } from '../../src/util/duration.js'

describe('backoff with full jitter', () => {
  const policy = { baseMs: 1000, capMs: 30_000 }
  test('the ceiling doubles per retry up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(n => backoffCeiling(n, policy))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
  })
  test('delays stay within [0, ceiling) for the extremes of the random source', () => {
    for (let n = 1; n <= 8; n++) {
      expect(backoffDelay(n, policy, () => 0)).toBe(0)
      const top = backoffDelay(n, policy, () => 0.999999)
      expect(top).toBeLessThan(backoffCeiling(n, policy))
      expect(top).toBeGreaterThanOrEqual(backoffCeiling(n, policy) * 0.99)
    }
  })
  test('rejects a retry number below 1', () => {
    expect(() => backoffCeiling(0, policy)).toThrow(RangeError)
  })
})

describe('durations', () => {
  test.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1.5s', 1500]
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms))
  test.each(['', '-3', '0', '0s', 'soon', '5 m', '5x', 'm5'])('rejects %j', text => expect(parseDuration(text)).toBeUndefined())
  test('bytes', () => expect([formatBytes(512), formatBytes(3_250_000)]).toEqual(['512 B', '3.1 MB']))
})
