// go.work workspaces and cache-dependency-path, with the real go.
import { mkdir, writeFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LocalCache } from '../../src/cache/local.js'
import { MemoryLog } from '../../src/log.js'
import { parseOptions } from '../../src/options.js'
import { prewarm } from '../../src/prewarm.js'
import { consumerModule } from '../helpers/gotool.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'

let s: Scenario
let ws: string
const mods = fixtureModules(3, 'example.com/w')

beforeAll(async () => {
  s = await scenario(mods, 'workspace')
  ws = join(s.root, 'ws')
  await consumerModule(join(ws, 'a'), mods.slice(0, 2), s.proxy.url, { modulePath: 'example.com/ws/a' })
  await consumerModule(join(ws, 'b'), mods.slice(2), s.proxy.url, { modulePath: 'example.com/ws/b' })
  await writeFile(join(ws, 'go.work'), 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n')
})
afterAll(async () => s.close())

async function run(inputs: Record<string, string>, env: NodeJS.ProcessEnv) {
  const o = parseOptions(n => inputs[n])
  return prewarm(o, { log: new MemoryLog(), backend: new LocalCache(o.cacheDir), env, displayRoot: s.root, backoff: { baseMs: 1, capMs: 1 } })
}

test('a go.work workspace downloads every module of every member, and keys on all their go.sum files', async () => {
  const env = s.env(await s.freshModCache(), { GOWORK: '' })
  const report = await run({ 'working-directory': ws, 'cache-dir': join(s.root, 'c1') }, env)
  expect(report.ok).toBe(true)
  expect(report.kind).toBe('workspace')
  expect(report.goModFiles).toEqual(['ws/a/go.mod', 'ws/b/go.mod'])
  expect(report.modules).toMatchObject({ inSum: 3, ready: 3, fetched: 3 })

  // A change in the second member's go.sum changes the key.
  const sumB = join(ws, 'b', 'go.sum')
  const original = await readFile(sumB, 'utf8')
  try {
    await writeFile(sumB, original + 'example.com/extra v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n')
    const changed = await run({ 'working-directory': ws, 'cache-dir': join(s.root, 'c1'), save: 'false' }, s.env(await s.freshModCache(), { GOWORK: '' }))
    expect(changed.cache.key).not.toBe(report.cache.key)
  } finally {
    await writeFile(sumB, original)
  }
})

test('a failure in a workspace member is annotated on that member go.mod', async () => {
  s.proxy.setFaults([{ match: 'example.com/w2/@v/v1.2.0.zip', fault: { status: 404 } }])
  try {
    const report = await run({ 'working-directory': ws, 'cache-dir': join(s.root, 'c2') }, s.env(await s.freshModCache(), { GOWORK: '' }))
    expect(report.ok).toBe(false)
    const line = (await readFile(join(ws, 'b', 'go.mod'), 'utf8')).split('\n').findIndex(l => l.includes('example.com/w2 ')) + 1
    expect(report.failures).toEqual([expect.objectContaining({ module: 'example.com/w2@v1.2.0', class: 'not-found', file: 'ws/b/go.mod', line })])
  } finally {
    s.proxy.setFaults([])
  }
})

test('cache-dependency-path picks the files the key is computed from; a glob that matches nothing is an input error', async () => {
  const env = s.env(await s.freshModCache())
  await mkdir(join(s.app, 'tools'), { recursive: true })
  await writeFile(join(s.app, 'tools', 'versions.txt'), 'tool v1\n')
  const base = { 'working-directory': s.app, 'cache-dir': join(s.root, 'c3'), save: 'false' }
  const plain = await run(base, env)
  const withTools = await run({ ...base, 'cache-dependency-path': 'go.sum\ntools/*.txt' }, env)
  const reordered = await run({ ...base, 'cache-dependency-path': 'tools/*.txt\ngo.sum' }, env)
  expect(withTools.cache.key).not.toBe(plain.cache.key)
  expect(reordered.cache.key).toBe(withTools.cache.key)
  await writeFile(join(s.app, 'tools', 'versions.txt'), 'tool v2\n')
  expect((await run({ ...base, 'cache-dependency-path': 'go.sum\ntools/*.txt' }, env)).cache.key).not.toBe(withTools.cache.key)
  await expect(run({ ...base, 'cache-dependency-path': 'nothing/*.sum' }, env)).rejects.toThrow(
    `cache-dependency-path: "nothing/*.sum" matches no file under ${s.app}`
  )
})
