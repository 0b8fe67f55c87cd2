// The prefetch extracts each verified zip into go's module directory, as go mod download
// would have: the trees must be exactly go's own, accepted by go without a second look,
// and a zip go would refuse must be left to go.
import { createHash } from 'node:crypto'
import { cp, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hashGoMod, hashZipFile } from '../../src/proxy/h1.js'
import { hashAndExtract } from '../../src/proxy/unzip.js'
import { go } from '../helpers/gotool.js'
import { serve, withPayload, type FixtureModule } from '../helpers/modules.js'
import { FixtureProxy } from '../helpers/proxy.js'
import { runPrewarm, scenario, type Scenario } from '../helpers/scenario.js'

const modules: FixtureModule[] = [
  { path: 'example.com/Upper/MixedCase', version: 'v1.2.3' },
  {
    path: 'example.com/unicode',
    version: 'v0.1.0',
    files: { 'unicode.go': 'package unicode\n\nconst Version = "v0.1.0"\n', 'données/écrit.txt': 'é\n', 'ünïcode/Zeta.txt': 'z\n', 'a/b/c/d.txt': 'd\n', 'empty.txt': '' }
  },
  { path: 'example.com/withdirs', version: 'v2.0.0+incompatible', dirs: ['sub/', 'sub/deeper/', 'unused/'], files: { 'withdirs.go': 'package withdirs\n\nconst Version = "x"\n', 'sub/deeper/x.txt': 'x\n' } },
  { path: 'example.com/plain', version: 'v1.0.0' },
  // Over 64 KB: hashed and extracted on a zip worker thread (from source, via scripts/ts-loader.mjs).
  withPayload({ path: 'example.com/medium', version: 'v1.1.0' }),
  // An entry over 4 MiB: streamed, and hashed and extracted on the main thread.
  { path: 'example.com/big', version: 'v1.0.0', files: { 'big.go': 'package big\n\nconst Version = "v1.0.0"\n', 'data/big.txt': bigText(6 << 20) } }
]

function bigText(bytes: number): string {
  const lines: string[] = []
  for (let i = 0, n = 0; n < bytes; i++) {
    const line = `${i} ${createHash('sha256').update(String(i)).digest('hex')}\n`
    lines.push(line)
    n += line.length
  }
  return lines.join('')
}

let s: Scenario
beforeAll(async () => {
  s = await scenario(modules, 'extract')
}, 60_000)
afterAll(async () => s.close())

/** Every path below `root` (cache/ left out) with its type, permission bits and content digest. */
async function treeListing(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (!rel && name === 'cache') continue
      const p = join(dir, name)
      const r = rel ? `${rel}/${name}` : name
      const st = await lstat(p)
      const mode = (st.mode & 0o777).toString(8)
      if (st.isDirectory()) {
        out.push(`d ${mode} ${r}`)
        await walk(p, r)
      } else out.push(`f ${mode} ${r} ${createHash('sha256').update(await readFile(p)).digest('hex')}`)
    }
  }
  await walk(root, '')
  return out
}

/** A local cache of its own: every run here is cold. */
const noCache = () => ({ 'cache-dir': join(s.root, `cache-${Math.random()}`) })

async function tmpLeftovers(root: string): Promise<string[]> {
  return (await treeListing(root)).filter(l => /\.tmp-/.test(l))
}

for (const [goflags, umask] of [
  ['', 0o022],
  ['-modcacherw', 0o022],
  ['', 0o027]
] as const) {
  const what = `${goflags ? 'GOFLAGS=-modcacherw: writable directories' : 'read-only directories'}, umask ${umask.toString(8).padStart(3, '0')}`
  test(`the trees the prefetch extracts are the trees go extracts (${what}), and go accepts them as they are`, async () => {
    // Modes come from the umask, for go and for us alike; go and our workers inherit it.
    const previous = process.umask(umask)
    try {
      await compareWithGo(goflags)
    } finally {
      process.umask(previous)
    }
  })
}

async function compareWithGo(goflags: string): Promise<void> {
  {
    const ours = await s.freshModCache()
    const { report } = await runPrewarm({ ...s, env: (mc, extra) => s.env(mc, { GOFLAGS: goflags, ...extra }) }, ours, noCache())
    expect(report.ok).toBe(true)
    expect(report.prefetch).toMatchObject({ completed: modules.length, extracted: modules.length })

    // go's own extraction of the same verified zips, in a module cache holding only cache/download.
    const theirs = await s.freshModCache()
    await cp(join(ours, 'cache'), join(theirs, 'cache'), { recursive: true })
    await go(['mod', 'download'], s.app, s.env(theirs, { GOPROXY: 'off', GOFLAGS: goflags }))
    expect(await treeListing(ours)).toEqual(await treeListing(theirs))
    expect(await tmpLeftovers(ours)).toEqual([])

    // go takes the trees as complete: it neither re-extracts (same inodes) nor objects.
    const file = join(ours, 'example.com', '!upper', '!mixed!case@v1.2.3', 'mixedcase.go')
    const before = (await lstat(file)).ino
    await go(['mod', 'download'], s.app, s.env(ours, { GOPROXY: 'off', GOFLAGS: goflags }))
    expect((await lstat(file)).ino).toBe(before)
    // go mod verify re-hashes the trees: the same verdict on ours as on go's. (It faults
    // example.com/withdirs on both: go.sum's h1 counts the zip's directory entries, a
    // tree has none. go's own quirk, kept.)
    const verdict = (mc: string) =>
      go(['mod', 'verify'], s.app, s.env(mc, { GOPROXY: 'off', GOFLAGS: goflags })).then(
        r => r.stdout + r.stderr,
        (err: { stdout: string; stderr: string }) => (err.stdout + err.stderr).split(mc).join('<modcache>')
      )
    const ourVerdict = await verdict(ours)
    expect(ourVerdict).toBe(await verdict(theirs))
    expect(ourVerdict).toBe('example.com/withdirs v2.0.0+incompatible: dir has been modified (<modcache>/example.com/withdirs@v2.0.0+incompatible)\n')
  }
}

test('an altered zip leaves no tree and nothing half-made', async () => {
  s.proxy.setFaults([{ match: 'example.com/plain/@v/v1.0.0.zip', fault: { alter: true } }])
  try {
    const mc = await s.freshModCache()
    const { report } = await runPrewarm(s, mc, noCache())
    expect(report.ok).toBe(false)
    expect(report.prefetch!.extracted).toBe(modules.length - 1)
    expect(await readdir(join(mc, 'example.com'))).not.toContain('plain@v1.0.0')
    expect(await tmpLeftovers(mc)).toEqual([])
  } finally {
    s.proxy.setFaults([])
  }
})

test('a zip go refuses to extract is left to go, which reports why, as it would without us', async () => {
  // Two files whose names differ only in case: go's checkZip refuses the zip, on every
  // file system. go.sum holds its true hash, so it passes verification.
  const collide: FixtureModule = {
    path: 'example.com/collide',
    version: 'v1.0.0',
    files: { 'collide.go': 'package collide\n\nconst Version = "v1.0.0"\n', 'README': 'a\n', 'readme': 'b\n' }
  }
  const proxy = new FixtureProxy([collide])
  const url = await proxy.start()
  try {
    const app = join(s.root, 'collide-app')
    await mkdir(app, { recursive: true })
    const served = serve(collide)
    const zip = join(s.root, 'collide.zip')
    await writeFile(zip, served.zip)
    await writeFile(join(app, 'go.mod'), `module example.com/consumer\n\ngo 1.21\n\nrequire ${collide.path} ${collide.version}\n`)
    await writeFile(
      join(app, 'go.sum'),
      `${collide.path} ${collide.version} ${await hashZipFile(zip)}\n${collide.path} ${collide.version}/go.mod ${hashGoMod(served.mod)}\n`
    )
    const world: Scenario = { ...s, app, proxy, env: (mc, extra) => s.env(mc, { GOPROXY: url, ...extra }) }

    const mc = await s.freshModCache()
    const { report } = await runPrewarm(world, mc, noCache())
    expect(report.ok).toBe(false)
    expect(report.prefetch).toMatchObject({ completed: 1, extracted: 0 })
    expect(report.failures).toEqual([expect.objectContaining({ module: 'example.com/collide@v1.0.0', message: expect.stringMatching(/case-insensitive file name collision/) })])
    expect(await readdir(join(mc, 'example.com'))).not.toContain('collide@v1.0.0')
    expect(await tmpLeftovers(mc)).toEqual([])

    // Plain go, from the same proxy, fails the same way.
    const plain = await s.freshModCache()
    await expect(go(['mod', 'download'], app, world.env(plain))).rejects.toThrow(/case-insensitive file name collision/)
  } finally {
    await proxy.stop()
  }
})

test('a module directory that cannot be made costs the tree, not the verified zip', async () => {
  const m = withPayload({ path: 'example.com/blocked', version: 'v1.0.0' })
  const zip = join(s.root, 'blocked.zip')
  await writeFile(zip, serve(m).zip)
  const expected = await hashZipFile(zip)
  // A file where the module's parent directory should be: no tree can go there, even as root.
  const root = join(s.root, 'blocked-modcache')
  await mkdir(root, { recursive: true })
  await writeFile(join(root, 'example.com'), 'not a directory\n')
  const result = await hashAndExtract({ zip, path: m.path, version: m.version, dir: join(root, 'example.com', 'blocked@v1.0.0'), expected, readOnly: true })
  expect(result).toEqual({ hash: expected, unextracted: expect.stringMatching(/^extracting: .*(ENOTDIR|EEXIST)/) })
})
