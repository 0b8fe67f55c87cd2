// GOPROXY lists with the real go: fall-through between proxies, and the privacy warning.
import { LocalCache } from '../../src/cache/local.js'
import { configureGo } from '../../src/credentials/setup.js'
import { MemoryLog } from '../../src/log.js'
import { parseOptions } from '../../src/options.js'
import { prewarm } from '../../src/prewarm.js'
import { FixtureProxy } from '../helpers/proxy.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'
import { join } from 'node:path'

let s: Scenario
let broken: FixtureProxy
beforeAll(async () => {
  s = await scenario(fixtureModules(2, 'example.com/fall'), 'proxies')
  // A mirror that is down: every request is a 503.
  broken = new FixtureProxy([])
  await broken.start()
  broken.setFaults([{ match: /.*/, fault: { status: 503 } }])
})
afterAll(async () => {
  await broken.stop()
  await s.close()
})

async function run(inputs: Record<string, string>) {
  const options = parseOptions(n => ({ 'working-directory': s.app, 'cache-dir': join(s.root, 'cache'), save: 'false', attempts: '1', ...inputs })[n])
  const base = s.env(await s.freshModCache())
  const setup = await configureGo(options, base, s.root)
  const log = new MemoryLog()
  const report = await prewarm(options, { log, backend: new LocalCache(options.cacheDir), env: { ...base, ...setup.env }, displayRoot: s.root })
  return { report, log }
}

test("with ',' a mirror that answers 503 stops go; proxy-fallthrough moves on to the next proxy", async () => {
  const goproxy = `${broken.url},${s.proxy.url}`
  const plain = await run({ goproxy })
  expect(plain.report.ok).toBe(false)
  expect(plain.report.failures[0]).toMatchObject({ class: 'server-error' })
  const through = await run({ goproxy, 'proxy-fallthrough': 'true' })
  expect(through.report.ok).toBe(true)
  expect(through.report.modules.ready).toBe(2)
})

test('a public proxy after a private one, with private paths GOPRIVATE does not cover, is one warning naming the fix', async () => {
  // The consumer is example.com/consumer: its example.com requires count as its own.
  const goproxy = `${s.proxy.url},https://proxy.golang.org,direct`
  const { log } = await run({ goproxy })
  const warnings = log.lines.filter(l => l.startsWith('warning: GOPROXY lists the public'))
  expect(warnings).toHaveLength(1)
  expect(warnings[0]).toContain('do not cover example.com/fall0, example.com/fall1')
  expect(warnings[0]).toContain(`Either drop the public proxy from goproxy and let ${s.proxy.url} fetch public modules, or`)
  expect(warnings[0]).toContain('goprivate: example.com/*')
  // (Covered paths would be fetched directly, from outside hosts: the unit tests of
  // pathsExposed check that case without leaving the machine.)
})
