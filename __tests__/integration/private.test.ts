// Private modules end to end: an HTTPS proxy behind basic auth, a git host behind a
// token, both in one run; credentials never leak and nothing is left behind.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { go, goProcessesIn, waitFor } from '../helpers/gotool.js'
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
    // A failed run removes its credential files too.
    expect((await readdir(join(w.root, 'tmp'))).filter(n => n.startsWith('go-mod-prewarm-'))).toEqual([])
    await homeUntouched()
  })

  test('with proxy-credentials and git-credentials: public and private modules in one run, no leak, nothing left behind', async () => {
    const mc = await freshModCache()
    const cache = join(w.root, 'cli-cache-1')
    const json = join(w.root, 'report.json')
    // Secrets through variables, the way the README recommends: a command line shows in ps.
    const r = await cli(['--working-directory', 'app', '--cache-dir', cache, '--json', json, '--goprivate', 'git.example.test'], {
      ...w.env(mc),
      GO_MOD_PREWARM_PROXY_CREDENTIALS: w.proxyCredentials,
      GO_MOD_PREWARM_GIT_CREDENTIALS: w.gitCredentials
    })
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

  test('stopped by SIGTERM while go is stuck, the CLI still removes its credential files', async () => {
    const { spawn } = await import('node:child_process')
    w.proxy.setFaults([{ match: /\.zip$/, fault: { stall: 'headers' } }])
    try {
      const child = spawn(
        process.execPath,
        [join(process.cwd(), 'bin', 'go-mod-prewarm.js'), '--working-directory', 'app', '--prefetch', 'false', '--goprivate', 'git.example.test', '--proxy-credentials', w.proxyCredentials, '--git-credentials', w.gitCredentials],
        { cwd: w.root, env: w.env(await freshModCache()) }
      )
      const credentialDirs = async (): Promise<string[]> => (await readdir(join(w.root, 'tmp'))).filter(n => n.startsWith('go-mod-prewarm-'))
      expect(await waitFor(async () => (await goProcessesIn(w.app)).length > 0 && (await credentialDirs()).length > 0)).toBe(true)
      const exited = new Promise(resolve => child.on('exit', resolve))
      child.kill('SIGTERM')
      expect(await exited).toBe(143)
      expect(await credentialDirs()).toEqual([])
      expect(await waitFor(async () => (await goProcessesIn(w.app)).length === 0)).toBe(true)
    } finally {
      w.proxy.setFaults([])
    }
  })

  test('a malformed entry fails with its line number and the accepted forms, never its text', async () => {
    const r = await cli(['--working-directory', 'app', '--git-credentials', `git.example.test/org=ok\ngit.example.test=${GIT_SECRET}`], w.env(await freshModCache()))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('git-credentials: line 2 has no valid HOST/PATH-PREFIX before "="; accepted: HOST/PATH-PREFIX=TOKEN or HOST/PATH-PREFIX=USER:TOKEN')
    expect(leaks(r.stdout + r.stderr, w.secretForms)).toEqual([])
  })
})

describe('the action (dist/ under Node 24)', () => {
  async function runJob(inputs: Record<string, string>) {
    const wf = await workflowFiles(await mkdtemp(join(w.root, 'wf-')))
    const runnerTemp = await mkdtemp(join(w.root, 'runner-temp-'))
    const cache = join(w.root, `action-cache-${caches}`)
    const env = { ...w.env(await freshModCache()), GITHUB_WORKSPACE: w.root, RUNNER_TEMP: runnerTemp }
    const all = { 'working-directory': 'app', 'cache-dir': cache, goprivate: 'git.example.test', ...inputs }
    let during: { files: string[]; modes: number[] } = { files: [], modes: [] }
    const main = await runStep('main', wf, all, env, { cwd: w.root })
    // What the main step left for later steps, before the post step runs.
    const dirs = (await readdir(runnerTemp)).filter(n => n.startsWith('go-mod-prewarm-'))
    for (const d of dirs)
      for (const f of await readdir(join(runnerTemp, d))) {
        during.files.push(f)
        during.modes.push((await stat(join(runnerTemp, d, f))).mode & 0o777)
      }
    const post = await runStep('post', wf, {}, { ...env, ...main.env }, { cwd: w.root })
    const written = [
      main.stdout, main.stderr, post.stdout, post.stderr,
      await readFile(wf.files.output, 'utf8'), await readFile(wf.files.state, 'utf8'),
      await readFile(wf.files.env, 'utf8'), await readFile(wf.files.summary, 'utf8'),
      await cacheArchives(cache)
    ].join('\n')
    return { main, post, runnerTemp, during, written }
  }

  test('success: settings and credential files exported to later steps, 0600; post removes them and restores the variables; no leak', async () => {
    const { main, post, runnerTemp, during, written } = await runJob({ 'proxy-credentials': w.proxyCredentials, 'git-credentials': w.gitCredentials })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'cache-hit': 'false', modules: '3', 'modules-fetched': '3' })
    // Later steps see the same settings, and the files that carry the credentials.
    expect(main.env).toMatchObject({ GOPRIVATE: 'git.example.test', NETRC: expect.stringContaining(runnerTemp), GIT_CONFIG_GLOBAL: expect.stringContaining(runnerTemp) })
    expect(during.files.sort()).toEqual(['gitconfig', 'netrc'])
    // (The netrc also carries the git host, for go's own discovery request.)
    expect(during.modes).toEqual([0o600, 0o600])
    // Every secret form is registered with the runner before anything else is logged.
    const firstMask = main.stdout.indexOf('::add-mask::')
    expect(firstMask).toBeGreaterThanOrEqual(0)
    expect(main.stdout.slice(0, firstMask).trim()).toBe('')
    // Decoded as the runner decodes workflow commands (@actions/core escapes '%').
    const masked = workflowCommands(main.stdout, 'add-mask').map(c => c.message)
    for (const form of w.secretForms) expect(masked).toContain(form)
    expect(leaks(written, w.secretForms)).toEqual([])
    // The post step leaves nothing for the next job on this runner.
    expect(post.exitCode).toBe(0)
    expect(await readdir(runnerTemp)).toEqual([])
    expect(post.env).toMatchObject({ NETRC: join(w.home, '.netrc'), GIT_CONFIG_GLOBAL: join(w.home, '.gitconfig') })
    await homeUntouched()
  })

  test('failure: a wrong token is an auth annotation on the go.mod line naming the host; cleanup and no leak all the same', async () => {
    const { main, post, runnerTemp, written } = await runJob({ 'proxy-credentials': w.proxyCredentials, 'git-credentials': 'git.example.test/org=ghs_WrongTokenWrongToken' })
    expect(main.exitCode).toBe(1)
    const annotation = workflowCommands(main.stdout, 'error').find(e => e.props.title === `${PRIVATE_MODULE}@v1.0.0: auth`)
    expect(annotation).toBeDefined()
    expect(annotation!.props).toMatchObject({ file: 'app/go.mod', line: String(await goModLine(PRIVATE_MODULE)) })
    expect(annotation!.message).toContain('git.example.test refused git access: set git-credentials')
    expect(leaks(written, [...w.secretForms, 'ghs_WrongTokenWrongToken'])).toEqual([])
    expect(post.exitCode).toBe(0)
    expect(await readdir(runnerTemp)).toEqual([])
    await homeUntouched()
  })

  test('a malformed proxy-credentials line fails the step with its number, never its text, and leaves nothing behind', async () => {
    const { main, post, runnerTemp, written } = await runJob({ 'proxy-credentials': `127.0.0.1=${GIT_SECRET}` })
    expect(main.exitCode).toBe(1)
    expect(workflowCommands(main.stdout, 'error').map(e => e.message)).toEqual([
      'proxy-credentials: line 1 has no USER:PASSWORD after "="; accepted: HOST[:PORT]=USER:PASSWORD, one entry a line'
    ])
    expect(leaks(written, w.secretForms)).toEqual([])
    expect(post.exitCode).toBe(0)
    expect(await readdir(runnerTemp)).toEqual([])
  })
})
