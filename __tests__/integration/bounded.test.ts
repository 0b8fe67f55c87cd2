// Restore-keys caches grow with every upgrade unless what go.sum no longer lists is left
// out of the save. Ten upgrades in a row, each restored from the one before.
import { createHash } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { LocalCache } from '../../src/cache/local.js'
import { MemoryLog } from '../../src/log.js'
import { parseOptions } from '../../src/options.js'
import { prewarm } from '../../src/prewarm.js'
import { go } from '../helpers/gotool.js'
import type { FixtureModule } from '../helpers/modules.js'
import { scenario, type Scenario } from '../helpers/scenario.js'

/** 64 KiB that do not compress, different for every version. */
function payload(version: string): string {
  let out = ''
  let block = createHash('sha256').update(version).digest()
  while (out.length < 64 * 1024) {
    out += block.toString('hex')
    block = createHash('sha256').update(block).digest()
  }
  return out
}

const big = (minor: number): FixtureModule => {
  const version = `v1.${minor}.0`
  return { path: 'example.com/big', version, files: { 'big.go': `package big\n\nconst Version = "${version}"\n\nconst Data = "${payload(version)}"\n` } }
}

let s: Scenario
beforeAll(async () => {
  s = await scenario([big(0), { path: 'example.com/steady', version: 'v1.0.0' }], 'bounded')
  for (let i = 1; i <= 10; i++) s.proxy.add(big(i))
}, 60_000)
afterAll(async () => s.close())

async function run(cacheDir: string, modCache: string) {
  const options = parseOptions(n => ({ 'working-directory': s.app, 'cache-dir': cacheDir })[n])
  return prewarm(options, { log: new MemoryLog(), backend: new LocalCache(cacheDir), env: s.env(modCache), displayRoot: s.root })
}

async function entrySize(cacheDir: string, key: string): Promise<number> {
  return (await stat(join(cacheDir, `${key}.tar`))).size
}

test('after ten go.sum upgrades restored from each other, the saved cache is within 10% of a fresh one; the runner keeps its files', async () => {
  const chain = join(s.root, 'chain-cache')
  const first = await run(chain, await s.freshModCache())
  expect(first.cache.save.status).toBe('saved')
  let last = first
  let lastModCache = ''
  for (let i = 1; i <= 10; i++) {
    await go(['get', `example.com/big@v1.${i}.0`], s.app, s.env(await s.freshModCache()))
    await go(['mod', 'tidy'], s.app, s.env(await s.freshModCache()))
    lastModCache = await s.freshModCache()
    last = await run(chain, lastModCache)
    expect(last.ok).toBe(true)
    expect(last.cache.status).toBe('partial')
    expect(last.modules.fetched).toBe(1)
    expect(last.cache.save.status).toBe('saved')
    // The restored entry held the previous version of big: it was left out.
    expect(last.cache.pruned!.files).toBeGreaterThan(0)
  }
  // The runner's own module cache still has the old version: only the entry was pruned.
  expect(await readdir(join(lastModCache, 'cache', 'download', 'example.com', 'big', '@v'))).toEqual(
    expect.arrayContaining(['v1.9.0.zip', 'v1.10.0.zip'])
  )

  const fresh = join(s.root, 'fresh-cache')
  const clean = await run(fresh, await s.freshModCache())
  expect(clean.cache.status).toBe('miss')
  expect(clean.cache.key).toBe(last.cache.key)
  const chained = await entrySize(chain, last.cache.key!)
  const baseline = await entrySize(fresh, clean.cache.key!)
  expect(chained).toBeLessThanOrEqual(baseline * 1.1)
  // And the entries do hold the module: hex deflates to about half, 32 KiB and more.
  expect(chained).toBeGreaterThan(32 * 1024)
}, 120_000)
