// A restored cache is untrusted input: go trusts a .ziphash beside a .zip without
// re-hashing the zip, so an altered entry would be built from. Checked against go.sum
// before go sees it; what does not match is deleted, and go fetches it fresh.
import { availableParallelism } from 'node:os'
import { readFile, rm } from 'node:fs/promises'
import { moduleDir, versionFile } from '../go/modcache.js'
import type { SumEntry } from '../go/sumfile.js'
import { hashGoModFile } from '../proxy/h1.js'
import type { ZipPool } from '../proxy/zip-pool.js'
import { isFile, removeTree } from '../util/fs.js'
import { mapLimit } from '../util/pool.js'

/** full: re-hash every zip and go.mod; fast: go.mod h1 and .ziphash text only. */
export type VerifyDepth = 'full' | 'fast'

export interface Tampered {
  path: string
  version: string
  file: 'zip' | 'ziphash' | 'mod'
  /** What go.sum records. */
  expected: string
  actual: string
}

async function readIfPresent(p: string): Promise<string | undefined> {
  return readFile(p, 'utf8').then(
    t => t,
    () => undefined
  )
}

/** Checks every module version go.sum names whose files are in the cache. */
export async function verifyCache(gomodcache: string, entries: SumEntry[], depth: VerifyDepth, zips: () => ZipPool): Promise<{ checked: number; tampered: Tampered[] }> {
  const tampered: Tampered[] = []
  let checked = 0
  await mapLimit(entries, availableParallelism() * 2, async e => {
    if (e.goMod) {
      const mod = versionFile(gomodcache, e.path, e.version, 'mod')
      if (!(await isFile(mod))) return
      checked++
      const actual = await hashGoModFile(mod)
      if (actual !== e.hash) tampered.push({ path: e.path, version: e.version, file: 'mod', expected: e.hash, actual })
      return
    }
    const zip = versionFile(gomodcache, e.path, e.version, 'zip')
    const ziphash = await readIfPresent(versionFile(gomodcache, e.path, e.version, 'ziphash'))
    if (ziphash !== undefined) {
      checked++
      if (ziphash.trim() !== e.hash) {
        tampered.push({ path: e.path, version: e.version, file: 'ziphash', expected: e.hash, actual: ziphash.trim() })
        return
      }
    }
    if (depth === 'full' && (await isFile(zip))) {
      checked++
      const outcome = await zips()
        .hash(zip)
        .catch((err: Error) => ({ corrupt: err.message }))
      const actual = 'corrupt' in outcome ? `unreadable: ${outcome.corrupt}` : outcome.hash
      if (actual !== e.hash) tampered.push({ path: e.path, version: e.version, file: 'zip', expected: e.hash, actual })
    }
  })
  return { checked, tampered }
}

/** Deletes a module version from the cache, its read-only extracted tree included, so go fetches it again. */
export async function discard(gomodcache: string, path: string, version: string): Promise<void> {
  for (const ext of ['zip', 'ziphash', 'info', 'mod', 'lock'] as const) await rm(versionFile(gomodcache, path, version, ext), { force: true })
  removeTree(moduleDir(gomodcache, path, version))
}
