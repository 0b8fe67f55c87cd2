// File-system helpers whose guarantees the cache relies on.
import { randomBytes } from 'node:crypto'
import { chmodSync, readdirSync, rmSync } from 'node:fs'
import { lstat, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A name beside `path` for writing before an atomic rename onto it. */
export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
}

/** Readers see the old content or the new, never a half-written file. */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const tmp = tempSibling(path)
  try {
    await writeFile(tmp, data, { mode })
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

export interface TreeStats {
  files: number
  bytes: number
}

/** Every regular file below `root`, as '/'-separated paths relative to it; a missing root is empty. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) await walk(join(dir, e.name), r)
      else if (e.isFile()) out.push(r)
    }
  }
  await walk(root, '')
  return out
}

/** Regular files and their total size below `dir`; a missing dir is empty. */
export async function treeStats(dir: string): Promise<TreeStats> {
  const stats: TreeStats = { files: 0, bytes: 0 }
  for (const f of await listFiles(dir)) {
    stats.files++
    stats.bytes += (await lstat(join(dir, f))).size
  }
  return stats
}

/** Whether `path` is a regular file (following links), as go's own checks of the cache ask. */
export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    s => s.isFile(),
    () => false
  )
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

/** Removes a tree that may hold read-only directories, as go's module trees do; a missing tree is fine. */
export function removeTree(dir: string): void {
  const writable = (d: string): void => {
    try {
      chmodSync(d, 0o755)
    } catch {
      return
    }
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) writable(join(d, e.name))
  }
  writable(dir)
  rmSync(dir, { recursive: true, force: true })
}
