// go.sum / go.work.sum: `<path> <version>[/go.mod] h1:<hash>` lines.

export interface SumEntry {
  path: string
  version: string
  /** True for the `/go.mod` line, false for the module zip line. */
  goMod: boolean
  hash: string
  line: number
}

export class SumFileError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`)
    this.name = 'SumFileError'
  }
}

export function parseSumFile(content: string, file: string): SumEntry[] {
  const entries: SumEntry[] = []
  content.split('\n').forEach((raw, index) => {
    const text = raw.trim()
    if (text === '') return
    const fields = text.split(/\s+/)
    if (fields.length !== 3) throw new SumFileError(file, index + 1, 'want "<module> <version>[/go.mod] <hash>"')
    const [path, version, hash] = fields as [string, string, string]
    const goMod = version.endsWith('/go.mod')
    entries.push({ path, version: goMod ? version.slice(0, -'/go.mod'.length) : version, goMod, hash, line: index + 1 })
  })
  return entries
}

/** The normalised text of a sum file: what the cache key hashes. */
export function normalisedSumLines(content: string): string[] {
  return content
    .split('\n')
    .map(l => l.trim().split(/\s+/).join(' '))
    .filter(l => l !== '')
}
