// The module cache on disk (layout from cmd/go/internal/modfetch). We cache only
// cache/download: go builds offline from it and extracts what it needs itself, and it
// holds a few files per module instead of thousands (docs/benchmarks.md has figures).
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { isFile, listFiles } from '../util/fs.js'
import { escapePath } from './escape.js'

export function downloadDir(gomodcache: string): string {
  return join(gomodcache, 'cache', 'download')
}

export function versionFile(gomodcache: string, path: string, version: string, ext: 'info' | 'mod' | 'zip' | 'ziphash' | 'lock'): string {
  return join(downloadDir(gomodcache), escapePath(path), '@v', `${escapePath(version)}.${ext}`)
}

/** Where go extracts a module version: GOMODCACHE/<escaped path>@<escaped version>. */
export function moduleDir(gomodcache: string, path: string, version: string): string {
  return join(gomodcache, `${escapePath(path)}@${escapePath(version)}`)
}

/**
 * Required module versions whose files are not all in the cache: what `go mod download`
 * would fetch. go.sum lists more (go.mod files the pruned graph never reads, zips of
 * packages no build here loads), so it is not the measure.
 */
export async function missingRequired(gomodcache: string, required: { path: string; version: string }[]): Promise<{ path: string; version: string }[]> {
  const checks = await Promise.all(
    required.map(async r => {
      const ok = await Promise.all((['zip', 'ziphash', 'info', 'mod'] as const).map(x => isFile(versionFile(gomodcache, r.path, r.version, x))))
      return ok.every(Boolean) ? undefined : r
    })
  )
  return checks.filter(r => r !== undefined)
}

/** Every module zip in the cache: taken before a download, it tells fetched from cached exactly. */
export async function zipFiles(gomodcache: string): Promise<Set<string>> {
  const root = downloadDir(gomodcache)
  return new Set((await listFiles(root)).filter(f => f.endsWith('.zip')).map(f => join(root, ...f.split('/'))))
}

export async function fileSize(p: string | undefined): Promise<number> {
  if (!p) return 0
  return stat(p).then(
    s => s.size,
    () => 0
  )
}
