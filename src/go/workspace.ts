// The main module or workspace that go will use, with the files we hash and the
// lines we point annotations at.
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { moduleId } from './escape.js'
import type { GoEnv } from './env.js'
import { parseModFile, type ModFile } from './modfile.js'
import { parseSumFile, type SumEntry } from './sumfile.js'

export interface ModuleFile {
  dir: string
  goModPath: string
  file: ModFile
}

export interface SumFile {
  path: string
  content: string
  entries: SumEntry[]
}

export interface Workspace {
  kind: 'module' | 'workspace'
  /** Directory of the go.mod (module mode) or go.work (workspace mode). */
  root: string
  goWork?: { path: string; file: ModFile }
  modules: ModuleFile[]
  /** go.sum files that exist, and go.work.sum. */
  sumFiles: SumFile[]
}

export class NoModuleError extends Error {
  constructor(dir: string) {
    super(`working-directory: no go.mod or go.work found in ${dir} or any parent directory`)
    this.name = 'NoModuleError'
  }
}

function usable(v: string): boolean {
  return v !== '' && v !== 'off' && v !== '/dev/null' && v !== 'NUL'
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

async function loadModule(dir: string): Promise<ModuleFile> {
  const goModPath = join(dir, 'go.mod')
  return { dir, goModPath, file: parseModFile(await readFile(goModPath, 'utf8'), goModPath) }
}

async function loadSum(path: string): Promise<SumFile | undefined> {
  const content = await readOptional(path)
  return content === undefined ? undefined : { path, content, entries: parseSumFile(content, path) }
}

export async function loadWorkspace(cwd: string, env: Pick<GoEnv, 'GOMOD' | 'GOWORK'>): Promise<Workspace> {
  if (usable(env.GOWORK)) {
    const root = dirname(env.GOWORK)
    const file = parseModFile(await readFile(env.GOWORK, 'utf8'), env.GOWORK)
    const modules = await Promise.all(file.uses.map(u => loadModule(isAbsolute(u) ? u : resolve(root, u))))
    const sums = await Promise.all([...modules.map(m => join(m.dir, 'go.sum')), env.GOWORK + '.sum'].map(loadSum))
    return { kind: 'workspace', root, goWork: { path: env.GOWORK, file }, modules, sumFiles: sums.filter(s => s !== undefined) }
  }
  if (!usable(env.GOMOD)) throw new NoModuleError(cwd)
  const mod = await loadModule(dirname(env.GOMOD))
  const sum = await loadSum(join(mod.dir, 'go.sum'))
  return { kind: 'module', root: mod.dir, modules: [mod], sumFiles: sum ? [sum] : [] }
}

/** Module versions whose zips go.sum records: what a build of the workspace needs. */
export function zipEntries(ws: Workspace): SumEntry[] {
  const seen = new Map<string, SumEntry>()
  for (const f of ws.sumFiles) for (const e of f.entries) if (!e.goMod) seen.set(moduleId(e.path, e.version), e)
  return [...seen.values()]
}

export function hasDependencies(ws: Workspace): boolean {
  const own = new Set(ws.modules.map(m => m.file.module))
  return ws.modules.some(m => m.file.requires.some(r => !own.has(r.path))) || ws.sumFiles.some(s => s.entries.length > 0)
}

export interface SourceLocation {
  file: string
  line: number
}

/**
 * Where a module version is asked for: its require line in a go.mod, the replace line
 * that substitutes it, else its go.sum line, else the first go.mod's first line.
 */
export function locate(ws: Workspace, path: string, version?: string): SourceLocation {
  for (const m of ws.modules) {
    const r = m.file.requires.find(r => r.path === path && (version === undefined || r.version === version))
    if (r) return { file: m.goModPath, line: r.line }
  }
  for (const m of ws.modules) {
    const r = m.file.replaces.find(r => r.newPath === path && (version === undefined || r.newVersion === version))
    if (r) return { file: m.goModPath, line: r.line }
  }
  for (const m of ws.modules) {
    const r = m.file.requires.find(r => r.path === path)
    if (r) return { file: m.goModPath, line: r.line }
  }
  for (const s of ws.sumFiles) {
    const e = s.entries.find(e => e.path === path && (version === undefined || e.version === version))
    if (e) return { file: s.path, line: e.line }
  }
  const first = ws.modules[0]
  return { file: first ? first.goModPath : join(ws.root, 'go.work'), line: 1 }
}

/**
 * The module versions `go mod download` fetches: every require of every go.mod, after
 * replace directives; workspace modules and replacements by local directories excluded.
 */
export function requiredVersions(ws: Workspace): { path: string; version: string }[] {
  const own = new Set(ws.modules.map(m => m.file.module))
  const replaces = [...(ws.goWork?.file.replaces ?? []), ...ws.modules.flatMap(m => m.file.replaces)]
  const out = new Map<string, { path: string; version: string }>()
  for (const r of ws.modules.flatMap(m => m.file.requires)) {
    if (own.has(r.path)) continue
    const rep = replaces.find(x => x.path === r.path && (x.version === undefined || x.version === r.version))
    if (rep && rep.newVersion === undefined) continue
    const target = rep ? { path: rep.newPath, version: rep.newVersion! } : { path: r.path, version: r.version }
    out.set(moduleId(target.path, target.version), target)
  }
  return [...out.values()]
}
