// Private modules end to end: an HTTPS proxy behind basic auth, a git host behind a
// token, both in one run; credentials never leak and nothing is left behind.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { go } from '../helpers/gotool.js'
import { GIT_SECRET, leaks, PRIVATE_MODULE, privateWorld, type PrivateWorld } from '../helpers/private-world.js'
import { runStep, workflowCommands, workflowFiles } from '../helpers/runner.js'

let w: PrivateWorld
let caches = 0
beforeAll(async () => {
  w = await privateWorld()
}, 120_000)
afterAll(async () => w.close())

async function freshModCache(): Promise<string> {
  const dir = join(w.root, `modcache-${caches++}`)
  await mkdir(dir)
  return dir
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [join(process.cwd(), 'bin', 'go-mod-prewarm.js'), ...args], { cwd: w.root, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** Every file below `dir` (go keeps its telemetry under ~/.config: that is fine, a secret is not). */
async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await filesBelow(p)))
    else if (e.isFile()) out.push(p)
  }
  return out
}

async function homeUntouched(): Promise<void> {
  for (const [name, bytes] of Object.entries(w.homeFiles)) expect((await readFile(join(w.home, name))).equals(bytes)).toBe(true)
  for (const f of await filesBelow(w.home)) expect(leaks(await readFile(f, 'latin1'), w.secretForms)).toEqual([])
}

async function cacheArchives(dir: string): Promise<string> {
  const names = await readdir(dir).catch(() => [] as string[])
  return (await Promise.all(names.map(n => readFile(join(dir, n), 'latin1')))).join('\n')
}

async function goModLine(path: string): Promise<number> {
  return (await readFile(join(w.app, 'go.mod'), 'utf8')).split('\n').findIndex(l => l.trim().startsWith(path + ' ')) + 1
}

describe('the CLI', () => {
  test('without proxy-credentials: the 401 is an auth error that names the proxy host and proxy-credentials, not retried', async () => {
    const r = await cli(['--working-directory', 'app', '--cache-dir', join(w.root, 'cli-cache-0'), '--goprivate', 'git.example.test'], w.env(await freshModCache()))
    expect(r.code).toBe(1)
    const proxyHost = w.proxy.url.replace('https://', '')
    expect(r.stdout).toMatch(/^app\/go\.mod:\d+: error: example\.com\/pub\d@v1\.\d\.0: auth: .*401 Unauthorized/m)
    expect(r.stdout).toContain(`hint: ${proxyHost} refused the request: set proxy-credentials for ${proxyHost}`)
    expect(r.stdout).toMatch(/^phases: .*download attempt 1 [^,]*$/m)
    await homeUntouched()
  })

  test('without git-credentials: the private module fails as auth on its go.mod line, naming the git host and git-credentials', async () => {
    const r = await cli(
      ['--working-directory', 'app', '--cache-dir', join(w.root, 'cli-cache-0'), '--goprivate', 'git.example.test', '--proxy-credentials', w.proxyCredentials],
      w.env(await freshModCache())
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`app/go.mod:${await goModLine(PRIVATE_MODULE)}: error: ${PRIVATE_MODULE}@v1.0.0: auth:`)
    expect(r.stdout).toContain('terminal prompts disabled')
    expect(r.stdout).toContain('hint: git.example.test refused git access: set git-credentials for git.example.test/PATH-PREFIX')
    expect(leaks(r.stdout + r.stderr, w.secretForms)).toEqual([])
    await homeUntouched()
  })

  test('with proxy-credentials and git-credentials: public and private modules in one run, no leak, nothing left behind', async () => {
    const mc = await freshModCache()
    const cache = join(w.root, 'cli-cache-1')
    const json = join(w.root, 'report.json')
    const r = await cli(
      [
        '--working-directory', 'app', '--cache-dir', cache, '--json', json,
        '--goprivate', 'git.example.test',
        '--proxy-credentials', w.proxyCredentials,
        '--git-credentials', w.gitCredentials
      ],
      w.env(mc)
    )
    expect(r.stderr + r.stdout).toMatch(/save: saved/)
    expect(r.code).toBe(0)
    expect(w.git.requests.some(q => q.authorized)).toBe(true)
    expect(w.connect.tunnels).toContain('git.example.test:443')
    // Everything this run wrote is free of every form of every secret.
    const written = [r.stdout, r.stderr, await readFile(json, 'utf8'), await cacheArchives(cache)].join('\n')
    expect(leaks(written, w.secretForms)).toEqual([])
    // The credential files are gone, and the user's own files untouched.
    expect((await readdir(join(w.root, 'tmp'))).filter(n => n.startsWith('go-mod-prewarm-'))).toEqual([])
    await homeUntouched()
    await go(['build', './...'], w.app, w.env(mc, { GOPROXY: 'off', GOFLAGS: '-mod=readonly' }))
  })

  test('a malformed entry fails with its line number and the accepted forms, never its text', async () => {
    const r = await cli(['--working-directory', 'app', '--git-credentials', `git.example.test/org=ok\ngit.example.test=${GIT_SECRET}`], w.env(await freshModCache()))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('git-credentials: line 2 has no valid HOST/PATH-PREFIX before "="; accepted: HOST/PATH-PREFIX=TOKEN or HOST/PATH-PREFIX=USER:TOKEN')
    expect(leaks(r.stdout + r.stderr, w.secretForms)).toEqual([])
  })
})
