// A restored cache is untrusted: entries altered after they were saved are caught
// against go.sum, deleted, annotated, fetched fresh, and never saved again.
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { LocalCache } from '../../src/cache/local.js'
import { MemoryLog } from '../../src/log.js'
import { parseOptions } from '../../src/options.js'
import { prewarm } from '../../src/prewarm.js'
import { go } from '../helpers/gotool.js'
import { buildZip } from '../helpers/zip.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'

const run = promisify(execFile)
let s: Scenario
let key = ''

beforeAll(async () => {
  s = await scenario(fixtureModules(3, 'example.com/ver'), 'verify')
  const report = await prewarmRun(join(s.root, 'clean'), await s.freshModCache())
  expect(report.cache.save.status).toBe('saved')
  key = report.cache.key!
}, 60_000)
afterAll(async () => s.close())

async function prewarmRun(cacheDir: string, modCache: string, inputs: Record<string, string> = {}) {
  const options = parseOptions(n => ({ 'working-directory': s.app, 'cache-dir': cacheDir, ...inputs })[n])
  return prewarm(options, { log: new MemoryLog(), backend: new LocalCache(cacheDir), env: s.env(modCache), displayRoot: s.root })
}

/** A copy of the clean entry with `alter` applied to its files, saved under `name`. */
async function tamperedCache(alter: (download: string) => Promise<void>, name = key): Promise<string> {
  const dir = await mkdtemp(join(s.root, 'tampered-'))
  const tree = join(dir, 'tree')
  await run('mkdir', ['-p', tree])
  await run('tar', ['-xf', join(s.root, 'clean', `${key}.tar`), '-C', tree])
  await alter(tree)
  await run('tar', ['-cf', join(dir, `${name}.tar`), '-C', tree, '.'])
  return dir
}

const v1 = (download: string, ext: string) => join(download, 'example.com', 'ver1', '@v', `v1.1.0.${ext}`)
const evilZip = () => buildZip([{ name: 'example.com/ver1@v1.1.0/go.mod', data: Buffer.from('module example.com/ver1\n') }, { name: 'example.com/ver1@v1.1.0/ver1.go', data: Buffer.from('package ver1\n\nconst Version = "evil"\n') }])

async function expectCaught(report: Awaited<ReturnType<typeof prewarmRun>>, mc: string, file: string) {
  expect(report.ok).toBe(true)
  expect(report.cache.tampered).toEqual([expect.objectContaining({ module: 'example.com/ver1@v1.1.0', class: 'checksum', file: 'app/go.mod' })])
  expect(report.cache.tampered[0]!.message).toContain(`restored cache held a ${file}`)
  expect(report.modules.fetched).toBe(1)
  expect(report.cache.save).toMatchObject({ status: 'skipped', reason: expect.stringContaining('do not match go.sum') })
  // What go builds from now is the real module, fetched fresh.
  await go(['build', './...'], s.app, s.env(mc, { GOPROXY: 'off', GOFLAGS: '-mod=readonly -modcacherw' }))
}

test('exact hit, an altered .ziphash: the fast check catches it', async () => {
  const cache = await tamperedCache(async d => writeFile(v1(d, 'ziphash'), 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='))
  const mc = await s.freshModCache()
  const report = await prewarmRun(cache, mc)
  expect(report.cache).toMatchObject({ status: 'hit', verify: { depth: 'fast' } })
  await expectCaught(report, mc, '.ziphash')
})

test('exact hit, an altered go.mod: the fast check catches it', async () => {
  const cache = await tamperedCache(async d => writeFile(v1(d, 'mod'), 'module example.com/ver1\n\nrequire example.com/evil v1.0.0\n'))
  const mc = await s.freshModCache()
  await expectCaught(await prewarmRun(cache, mc), mc, 'go.mod')
})

test('exact hit, an altered zip beside its original .ziphash (go would build it): verify full catches it', async () => {
  const cache = await tamperedCache(async d => writeFile(v1(d, 'zip'), evilZip()))
  const mc = await s.freshModCache()
  const report = await prewarmRun(cache, mc, { verify: 'full' })
  expect(report.cache.verify!.depth).toBe('full')
  await expectCaught(report, mc, 'zip')
})

test('partial hit, an altered zip: auto verifies in full, since a save would follow', async () => {
  const cache = await tamperedCache(async d => writeFile(v1(d, 'zip'), evilZip()), `${key.replace(/-[0-9a-f]+$/, '')}-older`)
  const mc = await s.freshModCache()
  const report = await prewarmRun(cache, mc)
  expect(report.cache).toMatchObject({ status: 'partial', verify: { depth: 'full' } })
  await expectCaught(report, mc, 'zip')
  expect((await readdir(cache)).filter(n => n !== 'tree' && n.endsWith('.tar'))).toHaveLength(1)
})

test('a clean cache passes every check and is used as is', async () => {
  const mc = await s.freshModCache()
  s.proxy.clearLog()
  const report = await prewarmRun(join(s.root, 'clean'), mc, { verify: 'full' })
  expect(report.cache).toMatchObject({ status: 'hit', tampered: [], verify: { depth: 'full', checked: 9 } })
  expect(s.proxy.requests).toEqual([])
})
