// The real go command, in an environment that touches nothing outside a temp dir.
import { execFile } from 'node:child_process'
import { mkdtemp, mkdir, writeFile, readdir, readlink, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { removeTree } from '../../src/util/fs.js'
import { packageName, type FixtureModule } from './modules.js'

const run = promisify(execFile)

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gmp-${label}-`))
}

// go's read-only extracted trees are removed as the product removes them.
export { removeTree }

/** Environment for go against a fixture proxy: private module cache, no sumdb, no toolchain switch. */
export function goEnv(proxyUrl: string, modCache: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const k of ['PATH', 'HOME', 'GOCACHE', 'TMPDIR', 'USER']) if (process.env[k]) env[k] = process.env[k]
  return {
    ...env,
    GOCACHE: process.env.GOCACHE || join(tmpdir(), 'gmp-gocache'),
    GOPROXY: proxyUrl,
    GOMODCACHE: modCache,
    GOSUMDB: 'off',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-modcacherw',
    GOENV: 'off',
    GOWORK: 'off',
    ...extra
  }
}

export async function go(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return run('go', args, { cwd, env, maxBuffer: 64 << 20 })
}

/**
 * A main module that imports one package of every fixture module; its go.sum is
 * written by `go mod tidy`, never by our own hashing.
 */
export async function consumerModule(
  dir: string,
  modules: FixtureModule[],
  proxyUrl: string,
  options: { modulePath?: string; goLine?: string; env?: Record<string, string> } = {}
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const path = options.modulePath ?? 'example.com/consumer'
  const requires = modules.map(m => `\t${m.path} ${m.version}`).join('\n')
  await writeFile(join(dir, 'go.mod'), `module ${path}\n\ngo ${options.goLine ?? '1.21'}\n\nrequire (\n${requires}\n)\n`)
  const imports = modules.map((m, i) => `\tp${i} "${m.path}"`).join('\n')
  const uses = modules.map((m, i) => `\t_ = p${i}.Version // ${packageName(m.path)}`).join('\n')
  await writeFile(join(dir, 'main.go'), `package main\n\nimport (\n${imports}\n)\n\nfunc main() {\n${uses}\n}\n`)
  const cache = await tempDir('tidy-cache')
  try {
    await go(['mod', 'tidy'], dir, goEnv(proxyUrl, cache, options.env))
  } finally {
    await removeTree(cache)
  }
}

/** Pids of `go mod download` processes working in `dir` (Linux /proc). */
export async function goProcessesIn(dir: string): Promise<number[]> {
  const pids: number[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const cwd = await readlink(`/proc/${name}/cwd`)
      const cmd = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0')
      if (cwd === dir && cmd.includes('mod') && cmd.includes('download')) pids.push(Number(name))
    } catch {
      // gone, or not ours to read
    }
  }
  return pids
}

/** Polls `check` every 50 ms for up to `ms`; whether it came true. */
export async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise(r => setTimeout(r, 50))) if (await check()) return true
  return check()
}
