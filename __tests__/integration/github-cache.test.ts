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

test('matrix: jobs that start at once with one go.sum all succeed, exactly one saves, the others say so in one info line', async () => {
  const before = service.finalized().length
  // A new go.sum for this test: add a module so the key is new to the service.
  const { readFile, writeFile } = await import('node:fs/promises')
  const { go } = await import('../helpers/gotool.js')
  const gomod = await readFile(join(s.app, 'go.mod'), 'utf8')
  const gosum = await readFile(join(s.app, 'go.sum'), 'utf8')
  s.proxy.add({ path: 'example.com/matrix', version: 'v0.1.0' })
  try {
    await go(['get', 'example.com/matrix@v0.1.0'], s.app, s.env(await s.freshModCache()))
    // Latency makes the legs overlap: every one misses the exact key and downloads.
    s.proxy.setFaults([{ match: /\.zip$/, latencyMs: 400 }])
    const legs = await Promise.all([0, 1, 2, 3].map(() => job({ 'restore-partial': 'false' })))
    expect(legs.map(l => l.exitCode)).toEqual([0, 0, 0, 0])
    const saved = service.finalized().slice(before)
    expect(saved).toHaveLength(1)
    const winners = legs.filter(l => /^Cache saved: /m.test(l.stdout))
    const others = legs.filter(l => !/^Cache saved: /m.test(l.stdout))
    expect(winners).toHaveLength(1)
    for (const l of others) {
      const lines = l.stdout.split('\n').filter(x => /saved by another job|another job may be creating/.test(x))
      expect(lines).toEqual([`Cache not saved: ${l.outputs['cache-key']} was saved by another job first.`])
      expect(workflowCommands(l.stdout, 'warning')).toEqual([])
      expect(l.summary).toMatch(/\| Save \| exists: another job saved this key first \|/)
    }
  } finally {
    s.proxy.setFaults([])
    await writeFile(join(s.app, 'go.mod'), gomod)
    await writeFile(join(s.app, 'go.sum'), gosum)
  }
})

describe('service trouble never fails the job', () => {
  afterEach(() => {
    service.faults = {}
  })

  test('a reserve conflict (another job is uploading this key) is one info line, no warning', async () => {
    service.faults = { CreateCacheEntry: { status: 409, msg: 'cache entry with the same key, version, and scope already exists' } }
    const leg = await job({ 'cache-key-prefix': 'conflict' })
    expect(leg.exitCode).toBe(0)
    expect(leg.stdout.split('\n').filter(l => /another job/.test(l))).toEqual([`Cache not saved: ${leg.outputs['cache-key']} was saved by another job first.`])
    expect(workflowCommands(leg.stdout, 'warning')).toEqual([])
  })

  test.each([
    ['a 500 on create', { CreateCacheEntry: { status: 500 } }],
    ['a 429 on create', { CreateCacheEntry: { status: 429 } }],
    ['writes denied (read-only token)', { CreateCacheEntry: { writeDenied: true } }]
  ] as const)('%s: the save fails with a warning, the step succeeds', async (_name, faults) => {
    service.faults = { ...faults }
    const leg = await job({ 'cache-key-prefix': 'trouble' })
    expect(leg.exitCode).toBe(0)
    expect(leg.outputs['modules']).toBe('4')
    expect(workflowCommands(leg.stdout, 'warning').some(w => /^Cache not saved: /.test(w.message))).toBe(true)
    expect(leg.summary).toMatch(/\| Save \| failed: /)
    // Not the client's misleading "another job may be creating this cache".
    expect(leg.stdout.split('\n').filter(l => /another job/.test(l) && !l.startsWith('::debug'))).toEqual([])
  })

  test('a failing lookup: the restore is a miss with a warning, the download runs, the step succeeds', async () => {
    service.faults = { GetCacheEntryDownloadURL: { status: 500 } }
    const leg = await job({ 'cache-key-prefix': 'lookup-trouble', save: 'false' })
    expect(leg.exitCode).toBe(0)
    expect(leg.outputs).toMatchObject({ 'cache-hit': 'false', 'modules-fetched': '4' })
    expect(workflowCommands(leg.stdout, 'warning').length).toBeGreaterThan(0)
  })
})

describe('save policy and lookup-only', () => {
  test.each(['pull_request_target', 'issue_comment', 'workflow_run'])('on %s, save: auto restores but never saves, and says why', async event => {
    const before = service.entries.length
    const leg = await job({ 'cache-key-prefix': `policy-${event}` }, DEFAULT_BRANCH, { GITHUB_EVENT_NAME: event })
    expect(leg.exitCode).toBe(0)
    expect(service.entries.length).toBe(before)
    expect(leg.stdout).toContain(`Cache not saved: save is auto and ${event} is not a trusted event`)
    expect(leg.summary).toContain(`| Save | skipped: save is auto and ${event} is not a trusted event`)
  })

  test('on pull_request the entry lands in the pull request scope, which the default branch does not read', async () => {
    const pr = 'refs/pull/7/merge'
    const leg = await job({ 'cache-key-prefix': 'pr-scope' }, pr, { GITHUB_EVENT_NAME: 'pull_request' })
    expect(leg.exitCode).toBe(0)
    expect(service.finalized().filter(e => e.key === leg.outputs['cache-key']).map(e => e.scope)).toEqual([pr])
    expect(leg.summary).toMatch(/\| Save \| saved: saved as pr-scope-Linux-[0-9a-f]+ \(save: auto, event pull_request\) \|/)
    const main = await job({ 'cache-key-prefix': 'pr-scope', save: 'false' })
    expect(main.outputs['cache-hit']).toBe('false')
  })

  test('ACTIONS_CACHE_MODE=read restores but never saves, even with save: true', async () => {
    const before = service.entries.length
    const leg = await job({ 'cache-key-prefix': 'read-only', save: 'true' }, DEFAULT_BRANCH, { ACTIONS_CACHE_MODE: 'read' })
    expect(leg.exitCode).toBe(0)
    expect(service.entries.length).toBe(before)
    expect(leg.summary).toContain('| Save | skipped: ACTIONS_CACHE_MODE=read does not allow writing the cache |')
  })

  test('lookup-only says whether the exact key exists, and restores and downloads nothing', async () => {
    const warm = await job({ 'cache-key-prefix': 'lookup' })
    expect(warm.exitCode).toBe(0)
    s.proxy.clearLog()
    const mc = await s.freshModCache()
    const wf = await workflowFiles(await mkdtemp(join(s.root, 'wf-')))
    const env = { ...s.env(mc), ...service.env(), GITHUB_WORKSPACE: s.root, RUNNER_TEMP: await mkdtemp(join(s.root, 'rt-')), GITHUB_EVENT_NAME: 'push' }
    const hit = await runStep('main', wf, { 'working-directory': 'app', 'cache-key-prefix': 'lookup', 'lookup-only': 'true' }, env, { cwd: s.root })
    expect(hit.exitCode).toBe(0)
    expect(hit.outputs).toMatchObject({ 'cache-hit': 'true', 'cache-key': warm.outputs['cache-key'] })
    expect(await readdir(mc)).toEqual([])
    expect(s.proxy.requests).toEqual([])
    const miss = await job({ 'cache-key-prefix': 'lookup-missing', 'lookup-only': 'true' })
    expect(miss.outputs['cache-hit']).toBe('false')
    expect(service.entries.filter(e => e.key.startsWith('lookup-missing'))).toEqual([])
  })
})
