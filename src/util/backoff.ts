// Exponential backoff with full jitter: the delay before retry n (1-based) is drawn
// uniformly from [0, min(cap, base * 2^(n-1))], so that many jobs hit by the same
// proxy outage do not come back in lock step.

export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 30_000 }

export function backoffCeiling(retry: number, policy: BackoffPolicy): number {
  if (!Number.isInteger(retry) || retry < 1) throw new RangeError(`retry must be a whole number >= 1, got ${retry}`)
  return Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1))
}

/** `random` returns a value in [0, 1), as Math.random does. */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(retry, policy))
}
