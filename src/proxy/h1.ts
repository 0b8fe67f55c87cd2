// go's `h1:` hashes (golang.org/x/mod/sumdb/dirhash Hash1): base64 of the SHA-256 of a
// summary with one line per file, "<hex sha256 of its bytes>  <name>\n", the files in
// byte order of their names. For a zip, the names are the entry names as stored
// (directory entries hash as empty); for go.mod, one file named "go.mod".
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { open } from 'node:fs/promises'
import { promisify } from 'node:util'
import { crc32, inflateRaw, inflateRawSync } from 'node:zlib'
import { openZipEntry, readAt, readZipEntries, ZipFormatError, type FileHandle, type ZipEntry } from './zip.js'

const inflate = promisify(inflateRaw)

function summaryHash(lines: { name: Buffer; hex: string }[]): string {
  const sorted = [...lines].sort((a, b) => Buffer.compare(a.name, b.name))
  const summary = createHash('sha256')
  for (const l of sorted) {
    if (l.name.includes(0x0a)) throw new Error(`file name with a newline: ${JSON.stringify(l.name.toString())}`)
    summary.update(`${l.hex}  `)
    summary.update(l.name)
    summary.update('\n')
  }
  return 'h1:' + summary.digest('base64')
}

async function sha256Hex(stream: Readable): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of stream) h.update(chunk as Buffer)
  return h.digest('hex')
}

/** sha256 of an entry's bytes, checking its CRC-32 on the way as go's zip reader does. */
async function entrySha256(stream: Readable, file: string, entry: ZipEntry): Promise<string> {
  const h = createHash('sha256')
  let crc = 0
  for await (const chunk of stream) {
    h.update(chunk as Buffer)
    crc = crc32(chunk as Buffer, crc)
  }
  if (crc !== entry.crc32) throw new ZipFormatError(file, `checksum error in ${entry.name.toString()}`)
  return h.digest('hex')
}

/** h1 of a go.mod file's bytes, as go.sum's `/go.mod` lines record it. */
export function hashGoMod(content: Buffer | string): string {
  return summaryHash([{ name: Buffer.from('go.mod'), hex: createHash('sha256').update(content).digest('hex') }])
}

export async function hashGoModFile(file: string): Promise<string> {
  return summaryHash([{ name: Buffer.from('go.mod'), hex: await sha256Hex(createReadStream(file, { highWaterMark: 1 << 20 })) }])
}

/** Entries up to this size are read and inflated in one piece; larger ones stream. */
const WHOLE = 4 << 20
const EMPTY = createHash('sha256').digest('hex')

/** Entries below this inflate on the main thread: a thread-pool round trip costs more. */
const TINY = 64 << 10

/**
 * Reads a zip through one 4 MiB window: entries lie one after another, so most of them
 * cost no read of their own (zips of thousands of small files made per-entry reads the
 * bottleneck).
 */
class Window {
  private start = 0
  private buf: Buffer = Buffer.alloc(0)
  constructor(private readonly fh: FileHandle) {}
  async get(position: number, length: number): Promise<Buffer> {
    if (position < this.start || position + length > this.start + this.buf.length) {
      this.start = position
      this.buf = await readAt(this.fh, position, Math.max(length, WHOLE))
    }
    return this.buf.subarray(position - this.start, position - this.start + length)
  }
}

async function entryHash(window: Window, file: string, entry: ZipEntry): Promise<string> {
  if (entry.size === 0) return EMPTY
  if (entry.compressedSize > WHOLE || entry.size > WHOLE) return entrySha256(await openZipEntry(file, entry), file, entry)
  const header = await window.get(entry.localHeaderOffset, 30)
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError(file, `bad local header for ${entry.name.toString()}`)
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  const data = await window.get(start, entry.compressedSize)
  if (data.length !== entry.compressedSize) throw new ZipFormatError(file, `${entry.name.toString()} is cut short`)
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(file, `unsupported compression method ${entry.method} for ${entry.name.toString()}`)
  let raw: Buffer = data
  try {
    // Larger entries inflate on the thread pool, so several zips hash at once.
    if (entry.method === 8) raw = entry.size < TINY ? inflateRawSync(data) : await inflate(data)
  } catch (err) {
    throw new ZipFormatError(file, `${entry.name.toString()}: ${(err as Error).message}`)
  }
  if (crc32(raw) !== entry.crc32) throw new ZipFormatError(file, `checksum error in ${entry.name.toString()}`)
  return createHash('sha256').update(raw).digest('hex')
}

/** h1 of a module zip on disk, entry by entry: a 4 MiB window and one entry in memory at most. */
export async function hashZipFile(file: string): Promise<string> {
  const entries = await readZipEntries(file)
  const fh = await open(file, 'r')
  try {
    const lines: { name: Buffer; hex: string }[] = []
    const window = new Window(fh)
    // In file order, so the window moves forward only.
    const ordered = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
    for (const entry of ordered) lines.push({ name: entry.name, hex: await entryHash(window, file, entry) })
    return summaryHash(lines)
  } finally {
    await fh.close()
  }
}
