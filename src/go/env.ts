// What the go command itself says about the environment: which go.mod / go.work it
// uses and where the module cache is. Asking go beats re-deriving its rules.
import { CommandNotFoundError, runProcess } from '../util/process.js'

export const GO_ENV_VARS = [
  'GOMOD',
  'GOWORK',
  'GOMODCACHE',
  'GOVERSION',
  'GOTOOLCHAIN',
  'GOOS',
  'GOARCH',
  'GOPROXY',
  'GOFLAGS',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOSUMDB'
] as const

export type GoEnv = Record<(typeof GO_ENV_VARS)[number], string>

/** Whether GOFLAGS holds -modcacherw: go then leaves the directories it extracts writable. */
export function modcacheWritable(goflags: string): boolean {
  let writable = false
  for (const flag of goflags.split(/\s+/)) {
    const m = /^--?modcacherw(?:=(.*))?$/.exec(flag)
    if (m) writable = m[1] === undefined || ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(m[1])
  }
  return writable
}

export class GoNotFoundError extends Error {
  constructor() {
    super('go was not found on PATH. Add actions/setup-go (or install Go) before this step.')
    this.name = 'GoNotFoundError'
  }
}

export class GoEnvError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GoEnvError'
  }
}

export async function readGoEnv(cwd: string, env: NodeJS.ProcessEnv): Promise<GoEnv> {
  let result
  try {
    result = await runProcess('go', ['env', '-json', ...GO_ENV_VARS], { cwd, env, timeoutMs: 60_000 })
  } catch (err) {
    if (err instanceof CommandNotFoundError) throw new GoNotFoundError()
    throw err
  }
  if (result.exitCode !== 0) {
    throw new GoEnvError(`go env failed in ${cwd}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`)
  }
  const parsed = JSON.parse(result.stdout) as Partial<GoEnv>
  const out = {} as GoEnv
  for (const k of GO_ENV_VARS) out[k] = parsed[k] ?? ''
  return out
}

/** `go1.26.8` -> [1, 26, 8]; `go1.22rc1` -> [1, 22, 0]. */
export function goVersionParts(v: string): [number, number, number] | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v)
  if (!m) return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
}

export function compareGoVersions(a: string, b: string): number {
  const pa = goVersionParts(a)
  const pb = goVersionParts(b)
  if (!pa || !pb) return 0
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!
  return 0
}
