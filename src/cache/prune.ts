// Pruning before a save: a cache restored from an older go.sum (a partial hit) holds
// module versions the current go.sum no longer lists. Saving them again would make the
// cache grow with every upgrade (restore-keys caches reach gigabytes); pruning keeps it
// the size of today's dependency set. Interrupted downloads (.tmp, .partial) go too.
import { copyFile, link, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { CacheTarget } from './backend.js'
import { listFiles } from '../util/fs.js'
import { escapePath } from '../go/escape.js'
import type { SumEntry } from '../go/sumfile.js'

const VERSION_FILE = /^(.+)\/@v\/([^/]+?)\.(info|mod|zip|ziphash|lock|partial)$|^(.+)\/@v\/([^/]+?)\.zip[^/]*\.tmp$/
const LIST_FILE = /^(.+)\/@v\/list$/
export const TOOLCHAIN_MODULE = 'golang.org/toolchain'
const STAGE_PREFIX = '.go-mod-prewarm-save-'

export interface PrunePlan {
  /** Paths relative to cache/download. */
  remove: string[]
  /** `<module>/@v/list` files and the versions they should list afterwards. */
  lists: Map<string, string[]>
}

/** `<escaped path>/@v/<escaped version>`: how a module version is named on disk. */
export function versionStem(path: string, version: string): string {
  return `${escapePath(path)}/@v/${escapePath(version)}`
}

/**
 * What to remove from `files` (paths relative to cache/download): every module version
 * not in `keep`, toolchains included unless `keepToolchains`; the checksum database
 * tiles (sumdb/) are left alone. Lists are rewritten to the versions whose .mod stays.
 */
export function planPrune(files: string[], keep: Set<string>, keepToolchains: boolean): PrunePlan {
  const toolchainPrefix = escapePath(TOOLCHAIN_MODULE) + '/@v/'
  const remove: string[] = []
  const kept = new Map<string, Set<string>>()
  for (const f of files) {
    if (f.startsWith('sumdb/')) continue
    const m = VERSION_FILE.exec(f)
    if (!m) continue
    const dir = m[1] ?? m[4]!
    const version = m[2] ?? m[5]!
    const stem = `${dir}/@v/${version}`
    const isToolchain = stem.startsWith(toolchainPrefix)
    if (keep.has(stem) || (isToolchain && keepToolchains)) {
      if (m[3] === 'mod') (kept.get(dir) ?? kept.set(dir, new Set()).get(dir)!).add(version)
    } else {
      remove.push(f)
    }
  }
  const lists = new Map<string, string[]>()
  for (const f of files) {
    const m = LIST_FILE.exec(f)
    if (m) lists.set(f, [...(kept.get(m[1]!) ?? [])].sort())
  }
  return { remove, lists }
}

/** The module versions the sum files name: what a cache for them must hold. */
export function keepSet(entries: SumEntry[]): Set<string> {
  return new Set(entries.map(e => versionStem(e.path, e.version)))
}

export interface Staged {
  /** Save this instead of GOMODCACHE: `cache/download` below it holds what go.sum needs. */
  target: CacheTarget
  /** Files and bytes left out of the entry. */
  pruned: { files: number; bytes: number }
  kept: { files: number; bytes: number }
  remove(): Promise<void>
}

/**
 * A copy of cache/download with only what go.sum needs, made of hard links (a copy where
 * links fail) in a directory beside it. Nothing in the module cache itself is deleted:
 * on a developer machine or a persistent runner it is shared with other projects.
 */
export async function stageForSave(
  gomodcache: string,
  keep: Set<string>,
  options: { keepToolchains: boolean; toolchain?: string }
): Promise<Staged> {
  const source = join(gomodcache, 'cache', 'download')
  const files = await listFiles(source)
  const wanted = new Set(keep)
  // The toolchain this run needs stays whatever keepToolchains says: it is in the key.
  // Toolchain module versions are v0.0.1-<go version>.<goos>-<goarch>.
  if (options.toolchain) {
    const prefix = `${escapePath(TOOLCHAIN_MODULE)}/@v/v0.0.1-${escapePath(options.toolchain)}.`
    for (const f of files) {
      const m = VERSION_FILE.exec(f)
      const stem = m ? `${m[1] ?? m[4]}/@v/${m[2] ?? m[5]}` : undefined
      if (stem?.startsWith(prefix)) wanted.add(stem)
    }
  }
  const plan = planPrune(files, wanted, options.keepToolchains)
  // Leftovers of runs killed while saving: links only, but no reason to keep them.
  for (const name of await readdir(join(gomodcache, 'cache')).catch(() => [] as string[]))
    if (name.startsWith(STAGE_PREFIX)) await rm(join(gomodcache, 'cache', name), { recursive: true, force: true })
  const root = await mkdtemp(join(gomodcache, 'cache', STAGE_PREFIX))
  const dest = join(root, 'cache', 'download')
  const removed = new Set(plan.remove)
  const staged: Staged = {
    target: { root, path: 'cache/download' },
    pruned: { files: 0, bytes: 0 },
    kept: { files: 0, bytes: 0 },
    remove: () => rm(root, { recursive: true, force: true })
  }
  try {
    for (const f of files) {
      const size = (await stat(join(source, f))).size
      if (removed.has(f)) {
        staged.pruned.files++
        staged.pruned.bytes += size
        continue
      }
      await mkdir(dirname(join(dest, f)), { recursive: true })
      const versions = plan.lists.get(f)
      if (versions !== undefined) {
        if (versions.length > 0) await writeFile(join(dest, f), versions.join('\n') + '\n')
        continue
      }
      await link(join(source, f), join(dest, f)).catch(() => copyFile(join(source, f), join(dest, f)))
      staged.kept.files++
      staged.kept.bytes += size
    }
  } catch (err) {
    await staged.remove()
    throw err
  }
  return staged
}
