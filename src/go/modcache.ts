// The module cache on disk (layout from cmd/go/internal/modfetch). We cache only
// cache/download: go builds offline from it and extracts what it needs itself, and it
// holds a few files per module instead of thousands (docs/benchmarks.md has figures).
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { escapePath } from './escape.js'
import type { SumEntry } from './sumfile.js'

export function downloadDir(gomodcache: string): string {
  return join(gomodcache, 'cache', 'download')
}

export function versionFile(gomodcache: string, path: string, version: string, ext: 'info' | 'mod' | 'zip' | 'ziphash'): string {
  return join(downloadDir(gomodcache), escapePath(path), '@v', `${escapePath(version)}.${ext}`)
}

async function present(p: string): Promise<boolean> {
  return stat(p).then(
    s => s.isFile(),
    () => false
  )
}

/**
 * Sum entries whose files are not all in the cache: a zip line needs .zip, .ziphash
 * and .info (go trusts .ziphash and looks .info up when building), a /go.mod line .mod.
 */
export async function missingEntries(gomodcache: string, entries: SumEntry[]): Promise<SumEntry[]> {
  const checks = await Promise.all(
    entries.map(async e => {
      const exts: ('info' | 'mod' | 'zip' | 'ziphash')[] = e.goMod ? ['mod'] : ['zip', 'ziphash', 'info']
      const ok = await Promise.all(exts.map(x => present(versionFile(gomodcache, e.path, e.version, x))))
      return ok.every(Boolean) ? undefined : e
    })
  )
  return checks.filter(e => e !== undefined)
}

/** Every module zip in the cache: taken before a download, it tells fetched from cached exactly. */
export async function zipFiles(gomodcache: string): Promise<Set<string>> {
  const found = new Set<string>()
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name))
      else if (e.name.endsWith('.zip')) found.add(join(d, e.name))
    }
  }
  await walk(downloadDir(gomodcache))
  return found
}

export async function fileSize(p: string | undefined): Promise<number> {
  if (!p) return 0
  return stat(p).then(
    s => s.size,
    () => 0
  )
}
