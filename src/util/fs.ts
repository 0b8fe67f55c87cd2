// File-system helpers whose guarantees the cache relies on.
import { randomBytes } from 'node:crypto'
import { lstat, readdir, rename, rm, writeFile } from 'node:fs/promises'
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

/** Regular files and their total size below `dir`; a missing dir is empty. */
export async function treeStats(dir: string): Promise<TreeStats> {
  const stats: TreeStats = { files: 0, bytes: 0 }
  const walk = async (d: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else if (e.isFile()) {
        stats.files++
        stats.bytes += (await lstat(p)).size
      }
    }
  }
  await walk(dir)
  return stats
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}
