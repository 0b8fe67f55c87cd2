// The bundled CLI, as other CI systems run it.
import { execFile } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fixtureModules, scenario, type Scenario } from '../helpers/scenario.js'
import { goProcessesIn, waitFor } from '../helpers/gotool.js'

let s: Scenario
beforeAll(async () => {
  s = await scenario(fixtureModules(2, 'example.com/c'), 'cli')
})
afterAll(async () => s.close())

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [join(process.cwd(), 'bin', 'go-mod-prewarm.js'), ...args], { cwd: s.root, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

test('a cold then a warm run: exit 0, the text report, and --json with the same facts', async () => {
  const json = join(s.root, 'report.json')
  const cold = await cli(['--working-directory', 'app', '--cache-dir', s.cacheDir, '--json', json], s.env(await s.freshModCache()))
  expect(cold.code).toBe(0)
  expect(cold.stdout).toMatch(/^Go modules ready in .*: 2 modules, 0 from cache, 2 fetched/)
  expect(cold.stdout).toMatch(/^cache: miss \(go-mod-prewarm-Linux-/m)
  expect(cold.stdout).toMatch(/^save: saved/m)
  const report = JSON.parse(await readFile(json, 'utf8'))
  expect(report).toMatchObject({ ok: true, modules: { ready: 2, fetched: 2 }, cache: { status: 'miss', save: { status: 'saved' } } })

  const warm = await cli([`--working-directory=app`, `--cache-dir=${s.cacheDir}`], s.env(await s.freshModCache()))
  expect(warm.code).toBe(0)
  expect(warm.stdout).toMatch(/^cache: exact hit/m)
})

test('a failure: exit 1 and a file:line error with class and hint', async () => {
  s.proxy.setFaults([{ match: 'example.com/c0/@v/v1.0.0.info', fault: { status: 403 } }])
  try {
    const r = await cli(['--working-directory', 'app', '--cache-dir', join(s.root, 'c2')], s.env(await s.freshModCache()))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^app\/go\.mod:\d+: error: example\.com\/c0@v1\.0\.0: auth: /m)
    expect(r.stdout).toMatch(/hint: (127\.0\.0\.1:\d+) refused the request: set proxy-credentials for \1 \(exactly as in GOPROXY\)/)
  } finally {
    s.proxy.setFaults([])
  }
})

test('bad flags and values fail with the flag name and what it accepts', async () => {
  const env = s.env(await s.freshModCache())
  const unknown = await cli(['--attemps', '3'], env)
  expect(unknown.code).toBe(1)
  expect(unknown.stdout).toMatch(/^go-mod-prewarm failed: --attemps: unknown flag; accepted: --working-directory, /)
  const bad = await cli(['--attempt-timeout', 'soon'], env)
  expect(bad.stdout).toMatch(/attempt-timeout: "soon" is not accepted: give a positive duration/)
})

test('--help lists every flag', async () => {
  const r = await cli(['--help'], process.env)
  expect(r.code).toBe(0)
  for (const flag of ['--working-directory', '--cache-dependency-path', '--cache-key-prefix', '--restore-partial', '--save', '--attempts', '--attempt-timeout', '--timeout', '--cache-dir', '--json', '--help'])
    expect(r.stdout).toContain(flag)
})

test('jobs that start at once with one go.sum: exactly one saves, the others say so in one info line and succeed', async () => {
  const shared = join(s.root, 'shared-cache')
  // Latency makes the runs overlap: every one misses, downloads, and tries to save.
  s.proxy.setFaults([{ match: /\.zip$/, latencyMs: 300 }])
  try {
    const runs = await Promise.all(
      [0, 1, 2].map(async () => cli(['--working-directory', 'app', '--cache-dir', shared], s.env(await s.freshModCache())))
    )
    expect(runs.map(r => r.code)).toEqual([0, 0, 0])
    expect(runs.every(r => /^cache: miss/m.test(r.stdout))).toBe(true)
    const saves = runs.map(r => /^save: (\w+)/m.exec(r.stdout)![1]).sort()
    expect(saves).toEqual(['exists', 'exists', 'saved'])
    for (const r of runs.filter(r => /^save: exists/m.test(r.stdout))) {
      expect(r.stderr.split('\n').filter(l => /saved by another job first/.test(l))).toHaveLength(1)
      expect(r.stderr).not.toMatch(/^warning:/m)
    }
    expect((await readdir(shared)).filter(n => !n.startsWith('.'))).toHaveLength(1)
  } finally {
    s.proxy.setFaults([])
  }
})

test.each(['SIGTERM', 'SIGINT'] as const)('%s stops the CLI and the go it started, and saves nothing', async signal => {
  const { spawn } = await import('node:child_process')
  s.proxy.setFaults([{ match: /\.zip$/, fault: { stall: 'headers' } }])
  const cache = join(s.root, `c-${signal}`)
  try {
    // No prefetch: the point is the go process, which the stalled proxy holds.
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'go-mod-prewarm.js'), '--working-directory', 'app', '--cache-dir', cache, '--prefetch', 'false'], {
      cwd: s.root,
      env: s.env(await s.freshModCache())
    })
    let stderr = ''
    child.stderr.on('data', d => (stderr += d))
    // Wait until go is stuck on the stalled proxy.
    expect(await waitFor(async () => (await goProcessesIn(s.app)).length > 0)).toBe(true)
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
    child.kill(signal)
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143)
    expect(stderr).toContain(`stopped by ${signal}`)
    expect(await waitFor(async () => (await goProcessesIn(s.app)).length === 0)).toBe(true)
    expect(await readdir(cache).catch(() => [])).toEqual([])
  } finally {
    s.proxy.setFaults([])
  }
})
