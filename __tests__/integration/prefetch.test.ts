// The prefetch from GOPROXY on a real loopback proxy, with the real go after it.
import { jest } from '@jest/globals'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ZipPool } from '../../src/proxy/zip-pool.js'
import { ProxyClient } from '../../src/proxy/client.js'
import { prefetch, type PrefetchItem } from '../../src/proxy/prefetch.js'
import { parseSumFile } from '../../src/go/sumfile.js'
import { go } from '../helpers/gotool.js'
import { FixtureProxy } from '../helpers/proxy.js'
import { fixtureModules, runPrewarm, scenario, type Scenario } from '../helpers/scenario.js'

let s: Scenario
beforeAll(async () => {
  s = await scenario(fixtureModules(8, 'example.com/pf'), 'prefetch')
}, 60_000)
afterAll(async () => s.close())

async function run(inputs: Record<string, string> = {}, sleep = jest.fn(async (_ms: number) => undefined)) {
  const mc = await s.freshModCache()
  const { report } = await runPrewarm(s, mc, { 'cache-dir': join(s.root, `cache-${Math.random()}`), ...inputs }, sleep)
  return { report, mc, sleep }
}

test('a cold run: the prefetch fetches every file once, go then finds everything local, and go builds offline', async () => {
  s.proxy.clearLog()
  const { report, mc } = await run()
  expect(report.ok).toBe(true)
  expect(report.prefetch).toMatchObject({ modules: 8, completed: 8, skipped: 0, retries: 0 })
  // Bytes summed over concurrent workers: every zip, .mod and .info counted once.
  expect(report.prefetch!.bytes).toBe(report.modules.fetchedBytes)
  expect(report.modules).toMatchObject({ ready: 8, fetched: 8 })
  // .info, .mod and .zip of each module: 24 requests, none of them twice, none by go.
  expect(s.proxy.requests).toHaveLength(24)
  expect(new Set(s.proxy.requests.map(r => r.path)).size).toBe(24)
  await go(['mod', 'download'], s.app, s.env(mc, { GOPROXY: 'off' }))
  await go(['build', './...'], s.app, s.env(mc, { GOPROXY: 'off', GOFLAGS: '-mod=readonly -modcacherw' }))
  // go's own layout: a list file per module, a .ziphash beside each zip, no temporary files left.
  const dir = join(mc, 'cache', 'download', 'example.com', 'pf3', '@v')
  expect((await readdir(dir)).sort()).toEqual(expect.arrayContaining(['list', 'v1.3.0.info', 'v1.3.0.mod', 'v1.3.0.zip', 'v1.3.0.ziphash']))
  expect((await readdir(dir)).some(n => n.endsWith('.tmp'))).toBe(false)
  expect(await readFile(join(dir, 'list'), 'utf8')).toBe('v1.3.0\n')
})

test('faults on many requests are survived by per-request retries, in a single go attempt; Retry-After is honoured', async () => {
  s.proxy.setFaults([
    { match: /pf[0-1]\/@v\/.*\.zip$/, fault: { status: 502 }, timesPerPath: 2 },
    { match: /pf[2-3]\/@v\/.*\.zip$/, fault: { truncate: true }, timesPerPath: 1 },
    { match: /pf4\/@v\/.*\.info$/, fault: { reset: true }, timesPerPath: 3 },
    { match: /pf5\/@v\/.*\.mod$/, fault: { status: 429, headers: { 'retry-after': '2' } }, timesPerPath: 1 },
    { match: /pf6\/@v\/.*\.zip$/, fault: { corrupt: true }, timesPerPath: 1 }
  ])
  try {
    const { report, sleep } = await run()
    expect(report.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.attempts).toHaveLength(1)
    expect(report.prefetch!.retries).toBeGreaterThanOrEqual(8)
    expect(report.prefetch!.completed).toBe(8)
    // The 429 asked for 2 s; full jitter alone would have waited at most 50 ms.
    expect(sleep.mock.calls.some(([ms]) => ms >= 2000)).toBe(true)
  } finally {
    s.proxy.setFaults([])
  }
})

test('an altered zip is a checksum failure: never written, never asked again, reported once', async () => {
  s.proxy.setFaults([{ match: 'example.com/pf7/@v/v1.7.0.zip', fault: { alter: true } }])
  try {
    s.proxy.clearLog()
    const { report, mc } = await run()
    expect(report.ok).toBe(false)
    expect(report.failures).toEqual([expect.objectContaining({ module: 'example.com/pf7@v1.7.0', class: 'checksum', file: 'app/go.mod' })])
    expect(report.failures[0]!.message).toMatch(/checksum mismatch: zip: downloaded h1:.*go\.sum has h1:/)
    // Once by the prefetch, once by go's own (final) attempt: never retried.
    expect(s.proxy.count('example.com/pf7/@v/v1.7.0.zip')).toBe(2)
    expect(await readdir(join(mc, 'cache', 'download', 'example.com', 'pf7', '@v'))).not.toContain('v1.7.0.zip')
    expect(report.cache.save.status).toBe('skipped')
  } finally {
    s.proxy.setFaults([])
  }
})

describe('routing through GOPROXY, without go', () => {
  let second: FixtureProxy
  let items: PrefetchItem[]
  beforeAll(async () => {
    second = new FixtureProxy(s.modules)
    await second.start()
    const sums = parseSumFile(await readFile(join(s.app, 'go.sum'), 'utf8'), 'go.sum')
    items = s.modules.slice(0, 2).map(m => ({
      path: m.path,
      version: m.version,
      files: ['mod', 'zip', 'info'],
      modHash: sums.find(e => e.path === m.path && e.goMod)!.hash,
      zipHash: sums.find(e => e.path === m.path && !e.goMod)!.hash
    }))
  })
  afterAll(async () => second.stop())
  afterEach(() => s.proxy.setFaults([]))

  async function fetchWith(goproxy: string, gonoproxy = '') {
    const mc = await s.freshModCache()
    const client = new ProxyClient({ concurrency: 4, idleTimeoutMs: 500, attempts: 2, backoff: { baseMs: 1, capMs: 1 }, netrc: [], env: {} })
    const zips = new ZipPool(1)
    try {
      return await prefetch(items, { gomodcache: mc, routing: { goproxy, gonoproxy }, client, concurrency: 4, zips })
    } finally {
      await client.close()
      await zips.close()
    }
  }

  test("',' moves on after a 404 only; '|' after any error", async () => {
    s.proxy.setFaults([
      { match: 'example.com/pf0/', fault: { status: 404 } },
      { match: 'example.com/pf1/', fault: { status: 500 } }
    ])
    second.clearLog()
    const comma = await fetchWith(`${s.proxy.url},${second.url}`)
    expect(comma.completed).toBe(1)
    expect(comma.skipped).toEqual([expect.objectContaining({ id: 'example.com/pf1@v1.1.0', reason: expect.stringContaining('500') })])
    const pipe = await fetchWith(`${s.proxy.url}|${second.url}`)
    expect(pipe.completed).toBe(2)
  })

  test('GONOPROXY/GOPRIVATE paths, direct and off are left to go, asking no proxy', async () => {
    s.proxy.clearLog()
    const privateOnes = await fetchWith(s.proxy.url, 'example.com/pf0')
    expect(privateOnes.skipped).toEqual([{ id: 'example.com/pf0@v1.0.0', reason: 'matches GONOPROXY/GOPRIVATE: fetched directly by go' }])
    expect(s.proxy.requests.some(r => r.path.startsWith('example.com/pf0/'))).toBe(false)
    expect((await fetchWith('direct')).skipped).toHaveLength(2)
    expect((await fetchWith('off')).skipped).toHaveLength(2)
  })

  test('a response that stalls is abandoned at the idle deadline and asked again', async () => {
    s.proxy.setFaults([{ match: 'example.com/pf0/@v/v1.0.0.zip', fault: { stall: 'half-body' }, timesPerPath: 1 }])
    const r = await fetchWith(s.proxy.url)
    expect(r.completed).toBe(2)
  })
})
