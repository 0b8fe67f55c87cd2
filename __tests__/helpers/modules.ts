// Fixture module versions, in the shapes a GOPROXY serves them.
import { createHash } from 'node:crypto'
import { buildZip } from './zip.js'

export interface FixtureModule {
  path: string
  version: string
  /** File name (inside the module) to content; go.mod is added unless given. */
  files?: Record<string, string>
  /** Directory entries to add to the zip (names ending in '/'). */
  dirs?: string[]
  goMod?: string
}

export interface ServedModule {
  path: string
  version: string
  info: Buffer
  mod: Buffer
  zip: Buffer
}

/** The package name a fixture module's default file declares. */
export function packageName(path: string): string {
  const last = path.split('/').pop() ?? 'm'
  return last.replace(/[^A-Za-z0-9_]/g, '_').replace(/^v\d+$/, 'm').replace(/^(\d)/, '_$1').toLowerCase()
}

export function serve(m: FixtureModule): ServedModule {
  const goMod = m.goMod ?? `module ${m.path}\n\ngo 1.21\n`
  const files = filesOf(m)
  const prefix = `${m.path}@${m.version}/`
  const entries = [
    ...(m.dirs ?? []).map(d => ({ name: prefix + d, data: Buffer.alloc(0) })),
    { name: prefix + 'go.mod', data: Buffer.from(goMod) },
    ...Object.entries(files).map(([name, content]) => ({ name: prefix + name, data: Buffer.from(content) }))
  ]
  return {
    path: m.path,
    version: m.version,
    info: Buffer.from(JSON.stringify({ Version: m.version, Time: '2024-01-02T03:04:05Z' }) + '\n'),
    mod: Buffer.from(goMod),
    zip: buildZip(entries)
  }
}

function filesOf(m: FixtureModule): Record<string, string> {
  return m.files ?? {
    [`${packageName(m.path)}.go`]: `package ${packageName(m.path)}\n\n// Version is the fixture's version.\nconst Version = ${JSON.stringify(m.version)}\n`
  }
}

/** The same module version with other content: what a tampering proxy would serve. */
export function altered(m: FixtureModule): ServedModule {
  return serve({ ...m, files: { ...filesOf(m), 'tampered.go': `package ${packageName(m.path)}\n` } })
}

/**
 * The module with `bytes` more of text that deflate shrinks little (base64 of hashes):
 * a zip over 64 KB is hashed and extracted on a zip worker thread, not on the main
 * thread as tiny zips are (src/proxy/zip-pool.ts).
 */
export function withPayload(m: FixtureModule, bytes = 160 << 10): FixtureModule {
  const lines: string[] = []
  for (let i = 0, n = 0; n < bytes; i++) {
    const line = createHash('sha256').update(`${m.path} ${i}`).digest('base64') + '\n'
    lines.push(line)
    n += line.length
  }
  return { ...m, files: { ...filesOf(m), 'payload.txt': lines.join('') } }
}
