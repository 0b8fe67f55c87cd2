// The GitHub cache backend through the unmodified @actions/cache client, against azurite
// and a loopback control plane, with the bundled action under Node 24.
import { mkdtemp, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CacheService, DEFAULT_BRANCH } from '../helpers/cache-service.js'
import { runStep, workflowCommands, workflowFiles } from '../helpers/runner.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'

let s: Scenario
let service: CacheService
beforeAll(async () => {
  s = await scenario(fixtureModules(4, 'example.com/gh'), 'github-cache')
  service = new CacheService(await mkdtemp(join(s.root, 'azurite-')))
  await service.start()
}, 60_000)
afterAll(async () => {
  await service.stop()
  await s.close()
})

async function job(inputs: Record<string, string> = {}, ref = DEFAULT_BRANCH, extraEnv: Record<string, string> = {}) {
  const wf = await workflowFiles(await mkdtemp(join(s.root, 'wf-')))
  const runnerTemp = await mkdtemp(join(s.root, 'rt-'))
  const env = { ...s.env(await s.freshModCache()), ...service.env(ref), GITHUB_WORKSPACE: s.root, RUNNER_TEMP: runnerTemp, GITHUB_EVENT_NAME: 'push', ...extraEnv }
  return runStep('main', wf, { 'working-directory': 'app', ...inputs }, env, { cwd: s.root })
}

test('a cold job saves through the service; the next job on a new runner restores the exact key and fetches nothing', async () => {
  const cold = await job()
  expect(cold.exitCode).toBe(0)
  expect(cold.outputs).toMatchObject({ 'cache-hit': 'false', 'modules-fetched': '4' })
  expect(service.finalized().map(e => e.key)).toEqual([cold.outputs['cache-key']])
  expect(service.finalized()[0]!.sizeBytes).toBeGreaterThan(0)

  s.proxy.clearLog()
  const warm = await job()
  expect(warm.exitCode).toBe(0)
  expect(warm.outputs).toMatchObject({ 'cache-hit': 'true', 'cache-matched-key': cold.outputs['cache-key'], 'modules-fetched': '0' })
  expect(s.proxy.requests).toEqual([])
  expect(workflowCommands(warm.stdout, 'warning')).toEqual([])
})
