// Reading module zips from disk without loading them: the central directory, then each
// entry's bytes on demand (inflated when deflated). Module zips reach 500 MB. The reads
// are synchronous: this runs on the zip worker threads (zip-pool.ts), one zip per thread.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs'
import { Readable } from 'node:stream'
import { createInflateRaw, inflateRawSync } from 'node:zlib'

export interface ZipEntry {
  /** The name exactly as stored (UTF-8 bytes). */
  name: Buffer
  method: number
  /** CRC-32 of the uncompressed bytes, as go's zip reader checks it. */
  crc32: number
  compressedSize: number
  size: number
  localHeaderOffset: number
}

export class ZipFormatError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: not a valid zip file: ${message}`)
    this.name = 'ZipFormatError'
  }
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const CHUNK = 1 << 20
/** Entries up to this size are read and inflated in one piece; larger ones stream. */
const WHOLE = 4 << 20

/** Reads up to `length` bytes at `position` into `buf`; how many there were. */
function readInto(fd: number, buf: Buffer, position: number, length: number): number {
  let done = 0
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done)
    if (n === 0) break
    done += n
  }
  return done
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length)
  return buf.subarray(0, readInto(fd, buf, position, length))
}

/**
 * Window buffers, kept for the next zip the thread reads. Garbage, not live data, is
 * what costs memory here: V8 frees dead buffers only once tens of MB have piled up.
 */
const spareWindows: Buffer[] = []

const takeWindow = (): Buffer => spareWindows.pop() ?? Buffer.allocUnsafe(WHOLE)

function giveBackWindow(window: Buffer): void {
  if (window.length === WHOLE && spareWindows.length < 2) spareWindows.push(window)
}

const streamed = (entry: ZipEntry): boolean => entry.compressedSize > WHOLE || entry.size > WHOLE

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at)
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('zip64 value too large')
  return Number(v)
}

/** The central directory: every entry's name, method, sizes and where its data starts. */
function readEntries(fd: number, file: string): ZipEntry[] {
  const size = fstatSync(fd).size
  const tailLength = Math.min(size, 22 + 0xffff)
  const tail = readAt(fd, size - tailLength, tailLength)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new ZipFormatError(file, 'no end of central directory')
  let count = tail.readUInt16LE(eocd + 10)
  let cdSize = tail.readUInt32LE(eocd + 12)
  let cdOffset = tail.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = size - tailLength + eocd - 20
    const locator = readAt(fd, locatorAt, 20)
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError(file, 'missing zip64 locator')
    const record = readAt(fd, u64(locator, 8), 56)
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError(file, 'bad zip64 end record')
    count = u64(record, 32)
    cdSize = u64(record, 40)
    cdOffset = u64(record, 48)
  }
  const cd = readAt(fd, cdOffset, cdSize)
  if (cd.length < cdSize) throw new ZipFormatError(file, 'central directory cut short')
  const entries: ZipEntry[] = []
  let p = 0
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError(file, `bad central directory entry ${n}`)
    const nameLen = cd.readUInt16LE(p + 28)
    const extraLen = cd.readUInt16LE(p + 30)
    const commentLen = cd.readUInt16LE(p + 32)
    const entry: ZipEntry = {
      name: Buffer.from(cd.subarray(p + 46, p + 46 + nameLen)),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42)
    }
    // zip64 extra field: only the values saturated in the fixed fields are present, in this order.
    let e = p + 46 + nameLen
    const extraEnd = e + extraLen
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e)
      const len = cd.readUInt16LE(e + 2)
      if (id === 0x0001) {
        let q = e + 4
        if (entry.size === 0xffffffff) (entry.size = u64(cd, q)), (q += 8)
        if (entry.compressedSize === 0xffffffff) (entry.compressedSize = u64(cd, q)), (q += 8)
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = u64(cd, q)
      }
      e += 4 + len
    }
    entries.push(entry)
    p = extraEnd + commentLen
  }
  return entries
}

/**
 * An open module zip. Entries lie one after another, so reading them in file order
 * through one 4 MiB window costs most of them no read of their own (zips of thousands
 * of small files made per-entry reads the bottleneck).
 */
export class ZipFile {
  readonly entries: ZipEntry[]
  private windowStart = 0
  private windowLength = 0
  private window: Buffer = Buffer.alloc(0)

  private constructor(
    readonly file: string,
    private readonly fd: number
  ) {
    this.entries = readEntries(fd, file)
  }

  static open(file: string): ZipFile {
    const fd = openSync(file, 'r')
    try {
      return new ZipFile(file, fd)
    } catch (err) {
      closeSync(fd)
      throw err
    }
  }

  close(): void {
    closeSync(this.fd)
    giveBackWindow(this.window)
    this.window = Buffer.alloc(0)
  }

  /** The entries in the order their data lies in the file. */
  inFileOrder(): ZipEntry[] {
    return [...this.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
  }

  /** Whether any entry is too large to inflate in one piece, and streams. */
  get streams(): boolean {
    return this.entries.some(streamed)
  }

  /** Up to `length` (at most 4 MiB) bytes at `position`, as a view into the window: valid until the next read. */
  private read(position: number, length: number): Buffer {
    if (position < this.windowStart || position + length > this.windowStart + this.windowLength) {
      if (this.window.length === 0) this.window = takeWindow()
      this.windowStart = position
      this.windowLength = readInto(this.fd, this.window, position, WHOLE)
    }
    const at = position - this.windowStart
    return this.window.subarray(at, Math.min(at + length, this.windowLength))
  }

  private dataStart(entry: ZipEntry): number {
    const header = this.read(entry.localHeaderOffset, 30)
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(this.file, `bad local header for ${entry.name.toString()}`)
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  }

  /**
   * The entry's uncompressed bytes, in chunks: one chunk for entries up to 4 MiB, a
   * stream of 1 MiB chunks for larger ones, so a 500 MB entry never sits in memory.
   */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(this.file, `unsupported compression method ${entry.method} for ${entry.name.toString()}`)
    if (entry.compressedSize === 0 && entry.size === 0) return
    const start = this.dataStart(entry)
    if (!streamed(entry)) {
      const data = this.read(start, entry.compressedSize)
      if (data.length !== entry.compressedSize) throw new ZipFormatError(this.file, `${entry.name.toString()} is cut short`)
      if (entry.method === 0) {
        yield data
        return
      }
      try {
        // Sized to the entry: one allocation, no concatenation.
        yield inflateRawSync(data, { chunkSize: Math.max(64, entry.size) })
      } catch (err) {
        throw new ZipFormatError(this.file, `${entry.name.toString()}: ${(err as Error).message}`)
      }
      return
    }
    // Large chunks: the per-chunk cost, not the bytes, is what made small reads slow.
    const raw = createReadStream(this.file, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK })
    const body: Readable = entry.method === 0 ? raw : raw.pipe(createInflateRaw({ chunkSize: CHUNK }))
    // pipe() does not pass a read error on.
    if (body !== raw) raw.once('error', err => body.destroy(err))
    try {
      for await (const chunk of body) yield chunk as Buffer
    } catch (err) {
      throw new ZipFormatError(this.file, `${entry.name.toString()}: ${(err as Error).message}`)
    } finally {
      raw.destroy()
      body.destroy()
    }
  }
}
