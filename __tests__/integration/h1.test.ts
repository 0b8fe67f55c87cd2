// Our h1 against the hashes the real go writes to go.sum and .ziphash.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hashGoMod, hashGoModFile, hashZipFile } from '../../src/proxy/h1.js'
import { parseSumFile } from '../../src/go/sumfile.js'
import { go } from '../helpers/gotool.js'
import { serve, type FixtureModule } from '../helpers/modules.js'
import { scenario, type Scenario } from '../helpers/scenario.js'

const modules: FixtureModule[] = [
  { path: 'example.com/Upper/MixedCase', version: 'v1.2.3' },
  {
    path: 'example.com/unicode',
    version: 'v0.1.0',
    files: { 'unicode.go': 'package unicode\n\nconst Version = "v0.1.0"\n', 'données/écrit.txt': 'é\n', 'ünïcode/Zeta.txt': 'z\n', 'a/b.txt': 'b\n' }
  },
  { path: 'example.com/withdirs', version: 'v2.0.0+incompatible', dirs: ['sub/', 'sub/deeper/'], files: { 'withdirs.go': 'package withdirs\n\nconst Version = "x"\n', 'sub/deeper/x.txt': 'x\n' } }
]

let s: Scenario
beforeAll(async () => {
  s = await scenario(modules, 'h1')
}, 60_000)
afterAll(async () => s.close())

test('zip and go.mod hashes equal what go wrote to go.sum, for upper-case paths, non-ASCII names and directory entries', async () => {
  const sums = parseSumFile(await readFile(join(s.app, 'go.sum'), 'utf8'), 'go.sum')
  expect(sums).toHaveLength(modules.length * 2)
  for (const m of modules) {
    const served = serve(m)
    const zip = join(s.root, `${m.path.replace(/\W/g, '_')}.zip`)
    await writeFile(zip, served.zip)
    const zipLine = sums.find(e => e.path === m.path && !e.goMod)!
    const modLine = sums.find(e => e.path === m.path && e.goMod)!
    expect(await hashZipFile(zip)).toBe(zipLine.hash)
    expect(hashGoMod(served.mod)).toBe(modLine.hash)
  }
})

test('and equal the .ziphash files go writes into the module cache', async () => {
  const mc = await s.freshModCache()
  const { stdout } = await go(['mod', 'download', '-json'], s.app, s.env(mc))
  const objects = stdout.split(/\n}\n?/).filter(t => t.trim()).map(t => JSON.parse(t + '}') as { Zip: string; GoMod: string; Sum: string; GoModSum: string })
  expect(objects).toHaveLength(modules.length)
  for (const o of objects) {
    expect(await hashZipFile(o.Zip)).toBe((await readFile(o.Zip.replace(/\.zip$/, '.ziphash'), 'utf8')).trim())
    expect(await hashZipFile(o.Zip)).toBe(o.Sum)
    expect(await hashGoModFile(o.GoMod)).toBe(o.GoModSum)
  }
})

test('an altered zip no longer matches', async () => {
  const m = modules[0]!
  const zip = join(s.root, 'altered.zip')
  const served = serve({ ...m, files: { 'mixedcase.go': 'package mixedcase\n\nconst Version = "evil"\n' } })
  await writeFile(zip, served.zip)
  const sums = parseSumFile(await readFile(join(s.app, 'go.sum'), 'utf8'), 'go.sum')
  expect(await hashZipFile(zip)).not.toBe(sums.find(e => e.path === m.path && !e.goMod)!.hash)
})
