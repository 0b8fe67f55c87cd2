// File permissions are invisible to root, so these run as an unprivileged user: go's
// extracted module trees are read-only, and a restore over an existing module cache
// (a self-hosted runner, a second step in one job) must not trip over them.
import { execFile } from 'node:child_process'
import { chown, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { withPayload } from '../helpers/modules.js'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'

const isRoot = process.getuid?.() === 0
const NOBODY = 65534

let s: Scenario
beforeAll(async () => {
  // ro0's zip goes to a zip worker thread: the bundled worker, as this user.
  s = await scenario(fixtureModules(3, 'example.com/ro').map((m, i) => (i === 0 ? withPayload(m) : m)), 'nonroot')
  if (isRoot) await chownTree(s.root, NOBODY)
})
afterAll(async () => s.close())

async function chownTree(dir: string, uid: number): Promise<void> {
  await chown(dir, uid, uid)
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) await chownTree(join(dir, e.name), uid)
    else await chown(join(dir, e.name), uid, uid)
  }
}

/** Runs a command as `nobody` when we are root, else as ourselves. */
function asUser(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = s.root): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, argv] = isRoot ? ['setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', cmd, ...args]] : [cmd, args]
  return new Promise(resolve => {
    execFile(file, argv, { cwd, env }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }))
  })
}

function userEnv(modCache: string): NodeJS.ProcessEnv {
  // No -modcacherw: go leaves its extracted trees read-only, as on a real runner.
  return { ...s.env(modCache, { GOFLAGS: '', HOME: s.root, GOCACHE: join(s.root, 'gocache') }) }
}

const cli = join(process.cwd(), 'bin', 'go-mod-prewarm.js')

test('restoring over a module cache with read-only extracted trees succeeds for an unprivileged user', async () => {
  const mc = join(s.root, 'modcache')
  const env = userEnv(mc)
  const cold = await asUser(process.execPath, [cli, '--working-directory', 'app', '--cache-dir', s.cacheDir], env)
  expect(cold.stderr + cold.stdout).toMatch(/save: saved/)
  expect(cold.stderr).toMatch(/3 of 3 complete, 3 extracted/)
  expect(cold.code).toBe(0)
  // Every module extracted read-only (by the prefetch, renamed into place as this user), as go leaves them.
  const tree = join(mc, 'example.com', 'ro0@v1.0.0')
  expect((await stat(tree)).mode & 0o222).toBe(0)
  expect((await stat(join(tree, 'ro0.go'))).mode & 0o777).toBe(0o444)
  expect((await readdir(join(mc, 'example.com'))).sort()).toEqual(['ro0@v1.0.0', 'ro1@v1.1.0', 'ro2@v1.2.0'])

  // Same runner, next job: the cache is restored on top of what is there.
  const again = await asUser(process.execPath, [cli, '--working-directory', 'app', '--cache-dir', s.cacheDir], env)
  expect(again.stdout).not.toMatch(/Cannot open|File exists/)
  expect(again.stdout).toMatch(/^cache: exact hit/m)
  expect(again.code).toBe(0)

  const build = await asUser('go', ['build', './...'], { ...env, GOPROXY: 'off', GOFLAGS: '-mod=readonly' }, s.app)
  expect(build.stderr).toBe('')
  expect(build.code).toBe(0)

  // go can still remove the trees it did not write itself.
  const clean = await asUser('go', ['clean', '-modcache'], env, s.app)
  expect(clean.stderr).toBe('')
  expect(clean.code).toBe(0)
  expect(await readdir(mc).catch(() => [])).toEqual([])
})
