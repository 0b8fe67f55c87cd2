// Extracting a module zip into go's module directory in the same pass that hashes it,
// so the final `go mod download` finds the module ready and only the verified bytes
// are written. go's own rules (cmd/go/internal/modfetch unzip, golang.org/x/mod/zip
// Unzip and checkZip): files 0444, no directory entries, directories read-only unless
// -modcacherw. A zip go would refuse to extract is left to go, which says why.
// The tree is built under `<dir>.tmp-<random>` and renamed into place only after the
// hash matched go.sum: go never sees a partial tree (it still removes such leftovers
// itself, a name it used before Go 1.16).
import { randomBytes } from 'node:crypto'
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { removeTree } from '../util/fs.js'
import { hashZip, type EntrySink } from './h1.js'
import { ZipFile, type ZipEntry } from './zip.js'

/** golang.org/x/mod/zip limits. */
const MAX_TOTAL = 500 << 20
const MAX_GO_MOD = 16 << 20
const MAX_LICENSE = 16 << 20
const WINDOWS_RESERVED = new Set(['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap(n => [`com${n}`, `lpt${n}`])])
const ASCII_OK = /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/
const LETTER = /^\p{L}$/u
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Why an element of a file path is one go rejects (module.CheckFilePath), or undefined. */
function elementProblem(elem: string): string | undefined {
  if (elem === '') return 'empty path element'
  if (/^\.+$/.test(elem)) return `invalid path element ${JSON.stringify(elem)}`
  if (elem.endsWith('.')) return 'trailing dot in path element'
  for (const ch of elem) {
    if (ch.charCodeAt(0) < 0x80 ? !ASCII_OK.test(ch) : !LETTER.test(ch)) return `invalid char ${JSON.stringify(ch)}`
  }
  const short = elem.split('.')[0]!.toLowerCase()
  if (WINDOWS_RESERVED.has(short)) return `${JSON.stringify(short)} disallowed as path element component on Windows`
  return undefined
}

/**
 * Folded for case-insensitive comparison. Folds at least as much as go's (upper, then
 * lower, catches ſ and K too): a collision go would not see only costs us leaving that
 * module to go.
 */
const fold = (s: string): string => s.toUpperCase().toLowerCase()

/**
 * Why go would refuse to extract this zip (checkZip), or undefined. Erring on the side
 * of refusing is harmless: go then extracts the verified zip itself, or reports why not.
 */
export function unzipProblem(entries: ZipEntry[], prefix: string): string | undefined {
  const seen = new Map<string, { path: string; isDir: boolean }>()
  const claim = (p: string, isDir: boolean): string | undefined => {
    const key = fold(p)
    const other = seen.get(key)
    if (other) {
      if (other.path !== p) return `case-insensitive file name collision: ${JSON.stringify(other.path)} and ${JSON.stringify(p)}`
      if (other.isDir !== isDir) return `entry ${JSON.stringify(p)} is both a file and a directory`
      if (!isDir) return `multiple entries for file ${JSON.stringify(p)}`
      return undefined
    }
    seen.set(key, { path: p, isDir })
    const parent = posix.dirname(p)
    return parent === '.' ? undefined : claim(parent, true)
  }
  let total = 0
  for (const entry of entries) {
    let name: string
    try {
      name = utf8.decode(entry.name)
    } catch {
      return 'a file name is not valid UTF-8'
    }
    if (!name.startsWith(prefix)) return `${JSON.stringify(name)} does not have prefix ${JSON.stringify(prefix)}`
    let rel = name.slice(prefix.length)
    if (rel === '') continue
    const isDir = rel.endsWith('/')
    if (isDir) rel = rel.slice(0, -1)
    if (posix.normalize(rel) !== rel || rel.startsWith('/')) return `${JSON.stringify(name)}: file path is not clean`
    for (const elem of rel.split('/')) {
      const why = elementProblem(elem)
      if (why) return `${JSON.stringify(name)}: ${why}`
    }
    const collision = claim(rel, isDir)
    if (collision) return collision
    if (isDir) continue
    const base = posix.basename(rel)
    if (base.toLowerCase() === 'go.mod' && rel !== 'go.mod') return `${JSON.stringify(name)}: go.mod file not in module root directory, or not spelled go.mod`
    total += entry.size
    if (total > MAX_TOTAL) return `total uncompressed size of module contents too large (max size is ${MAX_TOTAL} bytes)`
    if (rel === 'go.mod' && entry.size > MAX_GO_MOD) return 'go.mod file too large'
    if (rel === 'LICENSE' && entry.size > MAX_LICENSE) return 'LICENSE file too large'
  }
  return undefined
}

/** Directories children first, their write bits cleared and the rest (the umask's) kept: go's makeDirsReadOnly. */
function makeDirsReadOnly(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) makeDirsReadOnly(join(dir, e.name))
  const mode = statSync(dir).mode & 0o7777
  if (mode & 0o222) chmodSync(dir, mode & ~0o222)
}

/** Writes each entry as a file below `root`, stopping (not throwing) at the first failure, so the hash still completes. */
class TreeWriter implements EntrySink {
  failure?: string
  private fd?: number
  private current?: ZipEntry
  private readonly made = new Set<string>()

  constructor(
    private readonly root: string,
    private readonly prefixLength: number
  ) {}

  private target(entry: ZipEntry): string | undefined {
    const rel = entry.name.subarray(this.prefixLength).toString('utf8')
    return rel === '' || rel.endsWith('/') ? undefined : join(this.root, rel)
  }

  private open(entry: ZipEntry): void {
    this.current = entry
    const dst = this.target(entry)
    if (!dst) return
    const parent = dirname(dst)
    if (!this.made.has(parent)) {
      mkdirSync(parent, { recursive: true })
      this.made.add(parent)
    }
    this.fd = openSync(dst, 'wx', 0o444)
  }

  private guard(step: () => void): void {
    if (this.failure) return
    try {
      step()
    } catch (err) {
      this.failure = (err as Error).message
      this.abandon()
    }
  }

  private closeFile(): void {
    const fd = this.fd
    this.fd = undefined
    if (fd !== undefined) closeSync(fd)
  }

  write(entry: ZipEntry, chunk: Buffer): void {
    this.guard(() => {
      if (this.current !== entry) this.open(entry)
      if (this.fd === undefined) return
      for (let done = 0; done < chunk.length; ) done += writeSync(this.fd, chunk, done)
    })
  }

  end(entry: ZipEntry): void {
    this.guard(() => {
      if (this.current !== entry) this.open(entry) // an empty file: no chunks came
      this.closeFile()
    })
  }

  abandon(): void {
    try {
      this.closeFile()
    } catch {
      // already failing
    }
  }
}

export interface UnzipRequest {
  zip: string
  /** Module path and version as in go.sum (not escaped): the zip's name prefix. */
  path: string
  version: string
  /** The module's directory in GOMODCACHE. */
  dir: string
  /** go.sum's h1: the tree is kept only if the zip hashes to it. */
  expected: string
  /** false under GOFLAGS=-modcacherw. */
  readOnly: boolean
}

export interface UnzipResult {
  hash: string
  /** The verified tree, ready to be renamed onto `dir` once the zip itself has landed. */
  staged?: string
  /** Why there is no tree to rename: go extracts the zip itself. */
  unextracted?: string
}

/** Hashes the zip and, when go would accept it, extracts it beside `dir`. */
export async function hashAndExtract(req: UnzipRequest): Promise<UnzipResult> {
  const zip = ZipFile.open(req.zip)
  try {
    const prefix = `${req.path}@${req.version}/`
    const problem = unzipProblem(zip.entries, prefix)
    if (problem) return { hash: await hashZip(zip), unextracted: problem }
    const staged = `${req.dir}.tmp-${randomBytes(6).toString('hex')}`
    try {
      mkdirSync(staged, { recursive: true })
    } catch (err) {
      // No tree then, but the zip still verifies and lands; go says what it makes of the directory.
      return { hash: await hashZip(zip), unextracted: `extracting: ${(err as Error).message}` }
    }
    const writer = new TreeWriter(staged, Buffer.byteLength(prefix))
    let keep = false
    try {
      const hash = await hashZip(zip, writer).finally(() => writer.abandon())
      if (hash !== req.expected) return { hash }
      if (writer.failure) return { hash, unextracted: `extracting: ${writer.failure}` }
      if (req.readOnly) makeDirsReadOnly(staged)
      keep = true
      return { hash, staged }
    } finally {
      if (!keep) removeTree(staged)
    }
  } finally {
    zip.close()
  }
}
