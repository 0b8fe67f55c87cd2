// The bundled action against the cache service as an unprivileged user, as on a real
// runner: go's extracted trees are read-only, and restoring over a module cache that
// already holds them (a self-hosted runner, a second step) must never fail with tar's
// "Cannot open: File exists".
import { chmod, chown, mkdir, mkdtemp, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { CacheService } from '../helpers/cache-service.js'
import { go } from '../helpers/gotool.js'
import { runStep, workflowCommands, workflowFiles } from '../helpers/runner.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'

const NOBODY = 65534
const isRoot = process.getuid?.() === 0
const uid = isRoot ? NOBODY : undefined

let s: Scenario
let service: CacheService
let home: string
beforeAll(async () => {
  s = await scenario(fixtureModules(3, 'example.com/nr'), 'gh-nonroot')
  service = new CacheService(await mkdtemp(join(s.root, 'azurite-')))
  await service.start()
  // Everything the job writes belongs to the job's user.
  // mkdtemp makes 0700 directories: the job's user must be able to read the checkout.
  await chmod(s.root, 0o755)
  home = join(s.root, 'runner')
  await mkdir(home)
  if (isRoot) await chown(home, NOBODY, NOBODY)
}, 60_000)
afterAll(async () => {
  await service.stop()
  await s.close()
})

async function userDir(name: string): Promise<string> {
  const dir = join(home, name)
  await mkdir(dir, { recursive: true })
  if (isRoot) await chown(dir, NOBODY, NOBODY)
  return dir
}

async function job(modCache: string, name: string) {
  const wf = await workflowFiles(await userDir(`wf-${name}`))
  if (isRoot) for (const f of Object.values(wf.files)) await chown(f, NOBODY, NOBODY)
  const env = {
    ...s.env(modCache, { GOFLAGS: '', HOME: home, GOCACHE: await userDir('gocache'), TMPDIR: await userDir('tmp') }),
    ...service.env(),
    GITHUB_WORKSPACE: s.root,
    RUNNER_TEMP: await userDir(`rt-${name}`),
    GITHUB_EVENT_NAME: 'push'
  }
  const main = await runStep('main', wf, { 'working-directory': 'app' }, env, { cwd: s.root, uid })
  const post = await runStep('post', wf, {}, { ...env, ...main.env }, { cwd: s.root, uid })
  expect(post.exitCode).toBe(0)
  return main
}

test('save, then restore over a module cache that holds go\'s read-only trees, as an unprivileged user', async () => {
  const mc = await userDir('modcache')
  const cold = await job(mc, 'cold')
  if (cold.exitCode !== 0) console.log(cold.stdout.split('\n').filter(l => !l.startsWith('::debug')).join('\n'), cold.stderr)
  expect(cold.exitCode).toBe(0)
  expect(service.finalized()).toHaveLength(1)
  // go extracted every module read-only (no -modcacherw).
  expect((await stat(join(mc, 'example.com', 'nr0@v1.0.0'))).mode & 0o222).toBe(0)
  if (isRoot) expect((await stat(join(mc, 'cache', 'download'))).uid).toBe(NOBODY)

  // The next job on this self-hosted runner restores the same entry over all of it.
  const again = await job(mc, 'again')
  expect(again.stdout + again.stderr).not.toMatch(/Cannot open|File exists|Permission denied/)
  expect(workflowCommands(again.stdout, 'warning')).toEqual([])
  expect(again.exitCode).toBe(0)
  expect(again.outputs['cache-hit']).toBe('true')

  // And on a new runner with an empty module cache, the entry restores and go builds offline.
  const fresh = await userDir('modcache-fresh')
  const restored = await job(fresh, 'fresh')
  expect(restored.outputs['cache-hit']).toBe('true')
  expect((await readdir(join(fresh, 'cache', 'download', 'example.com'))).sort()).toEqual(['nr0', 'nr1', 'nr2'])
  await go(['build', './...'], s.app, s.env(fresh, { GOPROXY: 'off', GOFLAGS: '-mod=readonly -modcacherw' }))
})
