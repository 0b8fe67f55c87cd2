// The bundled dist/ main and post steps, run under Node 24 as the runner runs them.
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { goProcessesIn, waitFor } from '../helpers/gotool.js'
import { withPayload } from '../helpers/modules.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'
import { runStep, workflowCommands, workflowFiles } from '../helpers/runner.js'

let s: Scenario

beforeAll(async () => {
  // d0's zip is large enough to go to a zip worker thread (dist/zip-worker, under Node 24).
  s = await scenario(fixtureModules(3, 'example.com/d').map((m, i) => (i === 0 ? withPayload(m) : m)), 'dist')
})
afterAll(async () => s.close())

async function step(
  entry: 'main' | 'post',
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv,
  wf?: Awaited<ReturnType<typeof workflowFiles>>,
  onStart?: (child: ChildProcess) => void
) {
  const w = wf ?? (await workflowFiles(await mkdtemp(join(s.root, 'wf-'))))
  const result = await runStep(entry, w, inputs, { ...env, GITHUB_WORKSPACE: s.root }, { cwd: s.root, onStart })
  return { ...result, wf: w }
}

async function goModLine(path: string): Promise<number> {
  return (await readFile(join(s.app, 'go.mod'), 'utf8')).split('\n').findIndex(l => l.trim().startsWith(path + ' ')) + 1
}

describe('dist/ under Node 24', () => {
  test('main: a cold run sets every output, writes the summary and a notice; post then succeeds', async () => {
    const mc = await s.freshModCache()
    const main = await step('main', { 'working-directory': 'app', 'cache-dir': s.cacheDir }, s.env(mc))
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toEqual({
      'cache-hit': 'false',
      'cache-key': expect.stringMatching(/^go-mod-prewarm-Linux-[0-9a-f]{64}$/),
      'cache-matched-key': '',
      modules: '3',
      'modules-fetched': '3',
      gomodcache: mc
    })
    expect(main.state).toMatchObject({ 'main-done': 'true', cleanup: '[]' })
    expect(main.summary).toContain('## Go modules')
    expect(main.summary).toMatch(/\| Cache \| miss \(go-mod-prewarm-Linux-/)
    expect(main.summary).toMatch(/\| Save \| saved: /)
    expect(main.summary).toMatch(/\| download attempt 1 \| /)
    const notices = workflowCommands(main.stdout, 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]!.message).toMatch(/^Go modules ready in .*: 3 modules, 0 from cache, 3 fetched \(/)
    expect(main.stdout).toContain('::group::go mod download, attempt 1 of 4')
    expect(main.stdout).toMatch(/3 of 3 complete, 3 extracted/)
    expect((await readdir(join(mc, 'example.com'))).sort()).toEqual(['d0@v1.0.0', 'd1@v1.1.0', 'd2@v1.2.0'])
    expect(await readdir(s.cacheDir)).toEqual([`${main.outputs['cache-key']}.tar`])

    const post = await step('post', {}, s.env(mc), main.wf)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).not.toContain('::error')
  })

  test('main: a warm run on a new runner reports cache-hit true and fetches nothing', async () => {
    s.proxy.clearLog()
    const main = await step('main', { 'working-directory': 'app', 'cache-dir': s.cacheDir }, s.env(await s.freshModCache()))
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'cache-hit': 'true', modules: '3', 'modules-fetched': '0' })
    expect(main.outputs['cache-matched-key']).toBe(main.outputs['cache-key'])
    expect(main.summary).toMatch(/\| Cache \| exact hit/)
    expect(s.proxy.requests).toEqual([])
  })

  test('main: a failed module gets an error annotation on its go.mod line, a failures table, exit 1', async () => {
    s.proxy.setFaults([{ match: 'example.com/d1/@v/v1.1.0.zip', fault: { status: 404 } }])
    try {
      const other = join(s.root, 'other-cache')
      const main = await step('main', { 'working-directory': 'app', 'cache-dir': other }, s.env(await s.freshModCache()))
      expect(main.exitCode).toBe(1)
      const errors = workflowCommands(main.stdout, 'error')
      const annotation = errors.find(e => e.props.title === 'example.com/d1@v1.1.0: not-found')
      expect(annotation).toBeDefined()
      expect(annotation!.props).toMatchObject({ file: 'app/go.mod', line: String(await goModLine('example.com/d1')) })
      expect(annotation!.message).toContain('404 Not Found')
      expect(annotation!.message).toContain('The proxy has no such module version')
      // The step failure itself is one more error line.
      expect(errors.some(e => /^Go modules failed after .*1 failure$/.test(e.message))).toBe(true)
      expect(main.summary).toContain('### Failures')
      expect(main.summary).toMatch(/\| example\.com\/d1@v1\.1\.0 \| not-found \| app\/go\.mod:\d+ \|/)
      expect(main.outputs['cache-hit']).toBe('false')
      expect(await readdir(other).catch(() => [])).toEqual([])
    } finally {
      s.proxy.setFaults([])
    }
  })

  test('main: bad input fails at once, naming the input and what it accepts', async () => {
    const main = await step('main', { 'working-directory': 'app', attempts: 'many' }, s.env(await s.freshModCache()))
    expect(main.exitCode).toBe(1)
    expect(workflowCommands(main.stdout, 'error').map(e => e.message)).toEqual(['attempts: "many" is not accepted: give a whole number from 1 to 10'])
    expect(main.outputs['cache-hit']).toBe('false')
    const save = await step('main', { 'working-directory': 'app', save: 'maybe' }, s.env(await s.freshModCache()))
    expect(workflowCommands(save.stdout, 'error').map(e => e.message)).toEqual(['save: "maybe" is not accepted: give auto, true or false'])
    const timeout = await step('main', { 'working-directory': 'app', timeout: '-3' }, s.env(await s.freshModCache()))
    expect(workflowCommands(timeout.stdout, 'error')[0]!.message).toMatch(/^timeout: "-3" is not accepted: give a positive duration/)
  })

  test('main: no go on PATH says to add actions/setup-go', async () => {
    const env = { ...s.env(await s.freshModCache()), PATH: '/nonexistent' }
    const main = await step('main', { 'working-directory': 'app' }, env)
    expect(main.exitCode).toBe(1)
    expect(workflowCommands(main.stdout, 'error')[0]!.message).toMatch(/go was not found on PATH\. Add actions\/setup-go/)
  })

  test('main: without a cache service, one warning, then the download runs and nothing is saved', async () => {
    const env = s.env(await s.freshModCache())
    delete env.ACTIONS_RESULTS_URL
    delete env.ACTIONS_CACHE_URL
    const main = await step('main', { 'working-directory': 'app' }, env)
    expect(main.exitCode).toBe(0)
    const warnings = workflowCommands(main.stdout, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.message).toMatch(/Cache not used: the GitHub Actions cache service is not available/)
    expect(main.outputs).toMatchObject({ 'cache-hit': 'false', modules: '3', 'modules-fetched': '3' })
    expect(main.summary).toMatch(/\| Save \| skipped: /)
  })

  test('main: a cancelled job (SIGINT) stops go, fails the step, saves nothing; post still succeeds', async () => {
    s.proxy.setFaults([{ match: /\.zip$/, fault: { stall: 'half-body' } }])
    const cache = join(s.root, 'cancel-cache')
    try {
      const mc = await s.freshModCache()
      const main = await step('main', { 'working-directory': 'app', 'cache-dir': cache, prefetch: 'false' }, s.env(mc), undefined, child => {
        void waitFor(async () => (await goProcessesIn(s.app)).length > 0).then(() => child.kill('SIGINT'))
      })
      expect(main.exitCode).toBe(130)
      expect(workflowCommands(main.stdout, 'error').map(e => e.message)).toEqual(['Stopped by SIGINT: the job was cancelled'])
      expect(await waitFor(async () => (await goProcessesIn(s.app)).length === 0)).toBe(true)
      expect(await readdir(cache).catch(() => [])).toEqual([])
      const post = await step('post', {}, s.env(mc), main.wf)
      expect(post.exitCode).toBe(0)
    } finally {
      s.proxy.setFaults([])
    }
  })
})
