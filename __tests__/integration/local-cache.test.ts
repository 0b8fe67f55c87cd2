// The local cache backend with the real tar.
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LocalCache } from '../../src/cache/local.js'
import { removeTree, tempDir } from '../helpers/gotool.js'

let root: string
beforeEach(async () => {
  root = await tempDir('local-cache')
})
afterEach(async () => removeTree(root))

/** A whole directory as a cache target. */
const at = (dir: string) => ({ root: dir, path: '.' })

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name)
  for (const [p, content] of Object.entries(files)) {
    await mkdir(join(dir, p, '..'), { recursive: true })
    await writeFile(join(dir, p), content)
  }
  return dir
}

test('save then restore round-trips the tree into a new directory', async () => {
  const cache = new LocalCache(join(root, 'cache'))
  const src = await tree('src', { 'example.com/a/@v/v1.0.0.zip': 'zip', 'example.com/a/@v/v1.0.0.mod': 'mod' })
  expect(await cache.save(at(src), 'k-Linux-1')).toMatchObject({ status: 'saved' })
  const dst = join(root, 'dst')
  expect(await cache.restore(at(dst), 'k-Linux-1', [])).toMatchObject({ matchedKey: 'k-Linux-1' })
  expect(await readFile(join(dst, 'example.com/a/@v/v1.0.0.zip'), 'utf8')).toBe('zip')
})

test('a half-written archive left by a killed save is never restored', async () => {
  const cacheDir = join(root, 'cache')
  await mkdir(cacheDir)
  // What tempSibling names an archive while it is being written.
  await writeFile(join(cacheDir, '.k-Linux-2.tar.0123456789ab.tmp'), 'half an archive')
  const cache = new LocalCache(cacheDir)
  expect(await cache.has(at(root), 'k-Linux-2')).toBe(false)
  expect(await cache.restore(at(join(root, 'dst')), 'k-Linux-2', ['k-Linux-'])).toBeUndefined()
})

test('a save that fails leaves neither an entry nor a temporary file', async () => {
  const cacheDir = join(root, 'cache')
  const cache = new LocalCache(cacheDir)
  const result = await cache.save(at(join(root, 'does-not-exist')), 'k-Linux-3')
  expect(result.status).toBe('failed')
  expect(await readdir(cacheDir)).toEqual([])
})

test('a partial restore takes the most recently used entry under the restore key', async () => {
  const cache = new LocalCache(join(root, 'cache'))
  const old = await tree('old', { 'f.txt': 'old' })
  const recent = await tree('recent', { 'f.txt': 'recent' })
  await cache.save(at(old), 'k-Linux-old')
  await cache.save(at(recent), 'k-Linux-recent')
  await cache.save(at(await tree('other', { 'f.txt': 'other os' })), 'k-macOS-x')
  const past = new Date(Date.now() - 86_400_000)
  await utimes(join(root, 'cache', 'k-Linux-recent.tar'), past, past)
  await utimes(join(root, 'cache', 'k-Linux-old.tar'), new Date(), new Date())
  const dst = join(root, 'dst')
  expect(await cache.restore(at(dst), 'k-Linux-new', ['k-Linux-'])).toMatchObject({ matchedKey: 'k-Linux-old' })
  expect(await readFile(join(dst, 'f.txt'), 'utf8')).toBe('old')
})

test('entries unused for seven days are removed when a new entry is saved; used ones stay', async () => {
  const cache = new LocalCache(join(root, 'cache'))
  const src = await tree('src', { 'f.txt': 'x' })
  await cache.save(at(src), 'k-Linux-stale')
  await cache.save(at(src), 'k-Linux-used')
  const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000)
  for (const k of ['k-Linux-stale', 'k-Linux-used']) await utimes(join(root, 'cache', `${k}.tar`), eightDaysAgo, eightDaysAgo)
  // A restore counts as use.
  await cache.restore(at(join(root, 'dst')), 'k-Linux-used', [])
  await cache.save(at(src), 'k-Linux-new')
  expect((await readdir(join(root, 'cache'))).sort()).toEqual(['k-Linux-new.tar', 'k-Linux-used.tar'])
})
