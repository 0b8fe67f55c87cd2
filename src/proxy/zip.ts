// Reading module zips from disk without loading them: the central directory, then each
// entry streamed (inflated when deflated) on demand. Module zips reach 500 MB.
import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { createInflateRaw } from 'node:zlib'

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

export type { FileHandle }

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  const { bytesRead } = await fh.read(buf, 0, length, position)
  return buf.subarray(0, bytesRead)
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at)
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('zip64 value too large')
  return Number(v)
}

/** The central directory: every entry's name, method, sizes and where its data starts. */
export async function readZipEntries(file: string): Promise<ZipEntry[]> {
  const fh = await open(file, 'r')
  try {
    const size = (await fh.stat()).size
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = await readAt(fh, size - tailLength, tailLength)
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
      const locator = await readAt(fh, locatorAt, 20)
      if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError(file, 'missing zip64 locator')
      const record = await readAt(fh, u64(locator, 8), 56)
      if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError(file, 'bad zip64 end record')
      count = u64(record, 32)
      cdSize = u64(record, 40)
      cdOffset = u64(record, 48)
    }
    const cd = await readAt(fh, cdOffset, cdSize)
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
  } finally {
    await fh.close()
  }
}

export { readAt }

/** The entry's uncompressed bytes, as a stream read from the file. */
export async function openZipEntry(file: string, entry: ZipEntry): Promise<Readable> {
  const fh = await open(file, 'r')
  let header: Buffer
  try {
    header = await readAt(fh, entry.localHeaderOffset, 30)
  } finally {
    await fh.close()
  }
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(file, `bad local header for ${entry.name.toString()}`)
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  if (entry.compressedSize === 0) return Readable.from([])
  // Large chunks: the per-chunk cost, not the bytes, is what made small reads slow.
  const raw = createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK })
  if (entry.method === 0) return raw
  if (entry.method === 8) return raw.pipe(createInflateRaw({ chunkSize: CHUNK }))
  raw.destroy()
  throw new ZipFormatError(file, `unsupported compression method ${entry.method} for ${entry.name.toString()}`)
}
