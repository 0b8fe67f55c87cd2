// The pipeline end to end with the real go, a loopback GOPROXY and the local cache.
import { jest } from '@jest/globals'
import { readdir, writeFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { go } from '../helpers/gotool.js'
import { fixtureModules, runPrewarm, scenario, type Scenario } from '../helpers/scenario.js'

/** The line of the real go.mod (go mod tidy sorts requires) that requires `path`. */
async function requireLine(s: Scenario, path: string): Promise<number> {
  const lines = (await readFile(join(s.app, 'go.mod'), 'utf8')).split('\n')
  return lines.findIndex(l => l.trim().startsWith(path + ' ')) + 1
}

async function run(s: Scenario, modCache: string, over: Record<string, string> = {}, sleep = jest.fn(async (_ms: number) => undefined)) {
  return { ...(await runPrewarm(s, modCache, over, sleep)), sleep }
}

async function savedEntries(s: Scenario): Promise<string[]> {
  return (await readdir(s.cacheDir).catch(() => [] as string[])).filter(n => n.endsWith('.tar'))
}

async function offlineBuild(s: Scenario, modCache: string): Promise<void> {
  await go(['build', './...'], s.app, s.env(modCache, { GOPROXY: 'off', GOFLAGS: '-mod=readonly -modcacherw' }))
}

describe('cold and warm runs', () => {
  let s: Scenario
  beforeAll(async () => {
    s = await scenario(fixtureModules(6), 'coldwarm')
  })
  afterAll(async () => s.close())

  test('a cold run fetches everything, saves the cache, and go then builds offline', async () => {
    const mc = await s.freshModCache()
    const { report } = await run(s, mc)
    expect(report.ok).toBe(true)
    expect(report.cache.status).toBe('miss')
    expect(report.modules).toMatchObject({ inSum: 6, ready: 6, fetched: 6, cached: 0 })
    expect(report.modules.fetchedBytes).toBeGreaterThan(0)
    expect(report.cache.save.status).toBe('saved')
    expect(await savedEntries(s)).toEqual([`${report.cache.key}.tar`])
    await offlineBuild(s, mc)
  })

  test('a warm run on a new runner is an exact hit, asks the proxy nothing, and go builds offline from cache/download alone', async () => {
    s.proxy.clearLog()
    const mc = await s.freshModCache()
    const { report } = await run(s, mc)
    expect(report.ok).toBe(true)
    expect(report.cache.status).toBe('hit')
    expect(report.cache.matchedKey).toBe(report.cache.key)
    expect(report.modules).toMatchObject({ ready: 6, cached: 6, fetched: 0 })
    expect(report.cache.save.status).toBe('skipped')
    expect(s.proxy.requests).toEqual([])
    // Only cache/download was restored: nothing extracted yet.
    expect((await readdir(mc)).sort()).toEqual(['cache'])
    await offlineBuild(s, mc)
    expect(s.proxy.requests).toEqual([])
  })

  /** Runs `fn` with one more module required (go get writes go.mod and go.sum), then puts both back. */
  async function withAddedModule(path: string, fn: () => Promise<void>): Promise<void> {
    const version = 'v0.3.0'
    s.proxy.add({ path, version })
    const gomod = await readFile(join(s.app, 'go.mod'), 'utf8')
    const gosum = await readFile(join(s.app, 'go.sum'), 'utf8')
    try {
      await go(['get', `${path}@${version}`], s.app, s.env(await s.freshModCache()))
      s.proxy.clearLog()
      await fn()
    } finally {
      await writeFile(join(s.app, 'go.mod'), gomod)
      await writeFile(join(s.app, 'go.sum'), gosum)
    }
  }

  test('after a go.sum change, a partial hit fetches only the new module and saves a new key', async () => {
    await withAddedModule('example.com/late', async () => {
      const { report } = await run(s, await s.freshModCache())
      expect(report.ok).toBe(true)
      expect(report.cache.status).toBe('partial')
      expect(report.modules).toMatchObject({ ready: 7, cached: 6, fetched: 1 })
      expect(new Set(s.proxy.requests.map(r => r.path.split('/@v/')[0]))).toEqual(new Set(['example.com/late']))
      expect(report.cache.save.status).toBe('saved')
      expect(await savedEntries(s)).toHaveLength(2)
    })
  })

  test('restore-partial: false makes a changed go.sum a plain miss', async () => {
    await withAddedModule('example.com/later', async () => {
      const { report } = await run(s, await s.freshModCache(), { 'restore-partial': 'false', save: 'false' })
      expect(report.ok).toBe(true)
      expect(report.cache.status).toBe('miss')
      expect(report.cache.restoreKeys).toEqual([])
      expect(report.modules).toMatchObject({ ready: 7, fetched: 7 })
      expect(report.cache.save).toMatchObject({ status: 'skipped', reason: 'save is false' })
    })
  })
})

describe('transient faults', () => {
  let s: Scenario
  beforeAll(async () => {
    s = await scenario(fixtureModules(12, 'example.com/flaky'), 'transient')
  })
  afterAll(async () => s.close())

  test('faults spread over many modules are survived with retries; a retry redoes only what is missing', async () => {
    s.proxy.setFaults([
      { match: /flaky[0-3]\/@v\/.*\.zip$/, fault: { status: 502 }, timesPerPath: 1 },
      { match: /flaky[4-5]\/@v\/.*\.zip$/, fault: { truncate: true }, timesPerPath: 1 },
      { match: /flaky[6-7]\/@v\/.*\.info$/, fault: { status: 429 }, timesPerPath: 1 },
      { match: /flaky8\/@v\/.*\.mod$/, fault: { status: 503 }, timesPerPath: 1 },
      { match: /flaky9\/@v\/.*\.zip$/, fault: { status: 500 }, timesPerPath: 2 },
      { match: /flaky10\/@v\/.*\.info$/, fault: { reset: true }, timesPerPath: 1 }
    ])
    s.proxy.clearLog()
    const mc = await s.freshModCache()
    // go's own retry loop, without the prefetch in front of it.
    const { report, sleep } = await run(s, mc, { prefetch: 'false' })
    expect(report.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.attempts.length).toBeGreaterThan(1)
    expect(sleep).toHaveBeenCalledTimes(report.attempts.length - 1)
    expect(report.modules.ready).toBe(12)
    // Modules that arrived in the first attempt were not fetched again.
    expect(s.proxy.count(/flaky11\/@v\/.*\.zip$/)).toBe(1)
    expect(report.cache.save.status).toBe('saved')
    await offlineBuild(s, mc)
  })

  test('a transient fault that outlasts every attempt fails, and nothing is saved', async () => {
    await (await import('node:fs/promises')).rm(s.cacheDir, { recursive: true, force: true })
    s.proxy.setFaults([{ match: /flaky3\/@v\/.*\.zip$/, fault: { status: 503 } }])
    const { report, sleep } = await run(s, await s.freshModCache(), { attempts: '3', prefetch: 'false' })
    expect(report.ok).toBe(false)
    expect(report.attempts).toHaveLength(3)
    expect(report.stopReason).toBe('attempts-exhausted')
    expect(sleep).toHaveBeenCalledTimes(2)
    expect(report.failures).toEqual([expect.objectContaining({ module: 'example.com/flaky3@v1.3.0', class: 'server-error', file: 'app/go.mod', line: await requireLine(s, 'example.com/flaky3') })])
    expect(report.cache.save.status).toBe('skipped')
    expect(await savedEntries(s)).toEqual([])
  })
})

describe('permanent failures fail at once', () => {
  let s: Scenario
  beforeAll(async () => {
    s = await scenario(fixtureModules(4, 'example.com/p'), 'permanent')
  })
  afterAll(async () => s.close())

  test.each([
    ['404 on a zip', { match: 'example.com/p2/@v/v1.2.0.zip', fault: { status: 404 } }, 'not-found', 2],
    ['410 on a go.mod (graph loading, stderr only)', { match: 'example.com/p1/@v/v1.1.0.mod', fault: { status: 410 } }, 'not-found', 1],
    ['401 on an info file', { match: 'example.com/p3/@v/v1.3.0.info', fault: { status: 401 } }, 'auth', 3],
    ['403 on a zip', { match: 'example.com/p0/@v/v1.0.0.zip', fault: { status: 403 } }, 'auth', 0],
    ['an altered zip', { match: 'example.com/p2/@v/v1.2.0.zip', fault: { alter: true } }, 'checksum', 2]
  ] as const)('%s: one attempt, no backoff, the right class on the right go.mod line, nothing saved', async (_name, rule, cls, i) => {
    s.proxy.setFaults([rule])
    const { report, sleep } = await run(s, await s.freshModCache())
    expect(report.ok).toBe(false)
    expect(report.attempts).toHaveLength(1)
    expect(report.stopReason).toBe('not-retryable')
    expect(sleep).not.toHaveBeenCalled()
    expect(report.failures).toEqual([
      expect.objectContaining({ module: `example.com/p${i}@v1.${i}.0`, class: cls, file: 'app/go.mod', line: await requireLine(s, `example.com/p${i}`) })
    ])
    expect(report.cache.save.status).toBe('skipped')
    expect(await savedEntries(s)).toEqual([])
  })
})

describe('stalls', () => {
  let s: Scenario
  beforeAll(async () => {
    s = await scenario(fixtureModules(3, 'example.com/st'), 'stall')
  })
  afterAll(async () => s.close())

  test.each(['headers', 'half-body'] as const)('a proxy that stalls (%s) ends at the attempt deadline, blames the stalled module, and saves nothing', async stall => {
    s.proxy.setFaults([{ match: 'example.com/st1/@v/v1.1.0.zip', fault: { stall } }])
    const { report } = await run(s, await s.freshModCache(), { attempts: '2', 'attempt-timeout': '2s' })
    expect(report.ok).toBe(false)
    expect(report.attempts).toHaveLength(2)
    expect(report.attempts.every(a => a.timedOut)).toBe(true)
    expect(report.failures).toEqual([expect.objectContaining({ module: 'example.com/st1@v1.1.0', class: 'timeout', line: await requireLine(s, 'example.com/st1') })])
    expect(await savedEntries(s)).toEqual([])
  })

  test('the overall timeout bounds all attempts together', async () => {
    s.proxy.setFaults([{ match: 'example.com/st0/@v/v1.0.0.zip', fault: { stall: 'headers' } }])
    const { report } = await run(s, await s.freshModCache(), { attempts: '10', 'attempt-timeout': '2s', timeout: '3s' })
    expect(report.ok).toBe(false)
    expect(report.stopReason).toBe('timeout')
    expect(report.attempts.length).toBeLessThanOrEqual(2)
  })
})

describe('planning', () => {
  test('a module with no dependencies and no go.sum finishes at once with a notice', async () => {
    const s = await scenario([], 'nodeps')
    try {
      const { report } = await run(s, await s.freshModCache())
      expect(report.ok).toBe(true)
      expect(report.notice).toMatch(/no dependencies/)
      expect(report.attempts).toEqual([])
      expect(await savedEntries(s)).toEqual([])
    } finally {
      await s.close()
    }
  })

  test('a directory without go.mod is named in the error', async () => {
    const s = await scenario([], 'nomod')
    try {
      const empty = join(s.root, 'empty')
      await (await import('node:fs/promises')).mkdir(empty)
      await expect(run(s, await s.freshModCache(), { 'working-directory': empty })).rejects.toThrow(
        `working-directory: no go.mod or go.work found in ${empty} or any parent directory`
      )
    } finally {
      await s.close()
    }
  })
})
