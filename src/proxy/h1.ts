// go's `h1:` hashes (golang.org/x/mod/sumdb/dirhash Hash1): base64 of the SHA-256 of a
// summary with one line per file, "<hex sha256 of its bytes>  <name>\n", the files in
// byte order of their names. For a zip, the names are the entry names as stored
// (directory entries hash as empty); for go.mod, one file named "go.mod".
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { crc32 } from 'node:zlib'
import { ZipFile, ZipFormatError, type ZipEntry } from './zip.js'

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

/** h1 of a go.mod file's bytes, as go.sum's `/go.mod` lines record it. */
export function hashGoMod(content: Buffer | string): string {
  return summaryHash([{ name: Buffer.from('go.mod'), hex: createHash('sha256').update(content).digest('hex') }])
}

export async function hashGoModFile(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return summaryHash([{ name: Buffer.from('go.mod'), hex: h.digest('hex') }])
}

/** Receives each entry's bytes as they are hashed: how a zip is extracted in the same pass. */
export interface EntrySink {
  write(entry: ZipEntry, chunk: Buffer): void
  end(entry: ZipEntry): void
}

/**
 * h1 of a module zip on disk, entry by entry, checking each entry's CRC-32 and size as
 * go's zip reader does: at most a 4 MiB window and one 4 MiB entry in memory. With a
 * sink, every entry's bytes also go to it, so hashing and extracting inflate once.
 */
export async function hashZipFile(file: string, sink?: EntrySink): Promise<string> {
  const zip = ZipFile.open(file)
  try {
    return await hashZip(zip, sink)
  } finally {
    zip.close()
  }
}

export async function hashZip(zip: ZipFile, sink?: EntrySink): Promise<string> {
  const lines: { name: Buffer; hex: string }[] = []
  // In file order, so the window moves forward only.
  for (const entry of zip.inFileOrder()) {
    const h = createHash('sha256')
    let crc = 0
    let size = 0
    for await (const chunk of zip.chunks(entry)) {
      h.update(chunk)
      crc = crc32(chunk, crc)
      size += chunk.length
      sink?.write(entry, chunk)
    }
    if (size !== entry.size) throw new ZipFormatError(zip.file, `${entry.name.toString()} holds ${size} bytes, its header says ${entry.size}`)
    if (crc !== entry.crc32) throw new ZipFormatError(zip.file, `checksum error in ${entry.name.toString()}`)
    sink?.end(entry)
    lines.push({ name: entry.name, hex: h.digest('hex') })
  }
  return summaryHash(lines)
}
