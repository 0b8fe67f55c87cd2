// Cache keys. What is cached under a key is the set of module versions in the sum
// files (module zips do not depend on the Go version or the CPU), so the key hashes
// those files, normalised so that CRLF copies and another listing order give the same
// key. A toolchain that go would download goes into the key: it does depend on the
// platform.
import { createHash } from 'node:crypto'
import { compareGoVersions, type GoEnv } from '../go/env.js'
import { normalisedSumLines } from '../go/sumfile.js'
import type { Workspace } from '../go/workspace.js'

/** Bump when what an entry holds changes, so old entries are never restored into the new layout. */
export const KEY_SCHEMA = 'v1'

export interface KeyFile {
  /** Path as shown to users; not hashed, so a checkout location does not change the key. */
  path: string
  content: string
}

export interface CacheKeys {
  key: string
  restoreKeys: string[]
  /** The files the key was computed from. */
  files: string[]
  toolchain?: string
}

export function runnerOs(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'Windows' : platform === 'darwin' ? 'macOS' : platform === 'linux' ? 'Linux' : platform
}

export function fileDigest(file: KeyFile): string {
  const isSum = /\.sum$/.test(file.path)
  const lines = isSum
    ? [...new Set(normalisedSumLines(file.content))].sort()
    : file.content
        .split('\n')
        .map(l => l.trimEnd())
        .filter(l => l !== '')
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}

export interface KeyInput {
  prefix: string
  os: string
  files: KeyFile[]
  /** Parts of the key beyond the files, e.g. `toolchain=go1.27.1-linux-amd64`. */
  extra: string[]
  restorePartial: boolean
}

export function computeKeys(input: KeyInput): CacheKeys {
  const digests = [...new Set(input.files.map(fileDigest))].sort()
  const hash = createHash('sha256')
    .update([`schema=${KEY_SCHEMA}`, ...input.extra.slice().sort(), ...digests].join('\n'))
    .digest('hex')
  const base = `${input.prefix}-${input.os}-`
  return {
    key: base + hash,
    restoreKeys: input.restorePartial ? [base] : [],
    files: input.files.map(f => f.path)
  }
}

/**
 * The toolchain go would download for this workspace (GOTOOLCHAIN rules), or
 * undefined when the local go will do.
 */
export function toolchainToFetch(env: Pick<GoEnv, 'GOTOOLCHAIN' | 'GOVERSION'>, ws: Workspace): string | undefined {
  const setting = env.GOTOOLCHAIN || 'auto'
  const local = env.GOVERSION.replace(/ .*/, '')
  if (setting === 'local') return undefined
  const [name, mode] = setting.split('+') as [string, string | undefined]
  if (/^go\d/.test(name) && mode === undefined) return compareGoVersions(name, local) === 0 ? undefined : name
  const floor = /^go\d/.test(name) && compareGoVersions(name, local) > 0 ? name : local
  const files = [ws.goWork?.file, ...ws.modules.map(m => m.file)].filter(f => f !== undefined)
  let wanted: string | undefined
  for (const f of files) {
    for (const v of [f.go ? `go${f.go}` : undefined, f.toolchain]) {
      if (v && v !== 'default' && (!wanted || compareGoVersions(v, wanted) > 0)) wanted = v
    }
  }
  return wanted && compareGoVersions(wanted, floor) > 0 ? wanted : floor === local ? undefined : floor
}
