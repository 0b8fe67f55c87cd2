// One test world: fixture modules on a loopback proxy, a consumer module whose go.sum
// the real go wrote, an empty module cache and an empty local cache directory.
import { mkdir } from 'node:fs/promises'
import { LocalCache } from '../../src/cache/local.js'
import { MemoryLog } from '../../src/log.js'
import { parseOptions } from '../../src/options.js'
import { prewarm } from '../../src/prewarm.js'
import { join } from 'node:path'
import type { FixtureModule } from './modules.js'
import { FixtureProxy } from './proxy.js'
import { consumerModule, goEnv, removeTree, tempDir } from './gotool.js'

export interface Scenario {
  root: string
  proxy: FixtureProxy
  modules: FixtureModule[]
  /** The consumer module's directory, `<root>/app`. */
  app: string
  cacheDir: string
  /** A fresh module cache each call: what a new runner starts with. */
  freshModCache(): Promise<string>
  env(modCache: string, extra?: Record<string, string>): NodeJS.ProcessEnv
  close(): Promise<void>
}

export function fixtureModules(n: number, prefix = 'example.com/m'): FixtureModule[] {
  return Array.from({ length: n }, (_, i) => ({ path: `${prefix}${i}`, version: `v1.${i}.0` }))
}

export async function scenario(modules: FixtureModule[], label = 'scenario'): Promise<Scenario> {
  const root = await tempDir(label)
  const proxy = new FixtureProxy(modules)
  const url = await proxy.start()
  const app = join(root, 'app')
  try {
    await consumerModule(app, modules, url)
  } catch (err) {
    await proxy.stop()
    await removeTree(root)
    throw err
  }
  const cacheDir = join(root, 'cache')
  let caches = 0
  return {
    root,
    proxy,
    modules,
    app,
    cacheDir,
    async freshModCache() {
      const dir = join(root, `modcache-${caches++}`)
      await mkdir(dir, { recursive: true })
      return dir
    },
    env: (modCache, extra) => goEnv(url, modCache, extra),
    async close() {
      await proxy.stop()
      await removeTree(root)
    }
  }
}

/**
 * The pipeline in-process against a scenario: its app, the local cache (cacheDir unless
 * the inputs name another), go with `modCache`, short backoffs and a recording sleep.
 */
export async function runPrewarm(s: Scenario, modCache: string, inputs: Record<string, string> = {}, sleep = async (_ms: number): Promise<void> => undefined) {
  const log = new MemoryLog()
  const options = parseOptions(n => ({ 'working-directory': s.app, 'cache-dir': s.cacheDir, ...inputs })[n])
  const report = await prewarm(options, {
    log,
    backend: new LocalCache(options.cacheDir),
    env: s.env(modCache),
    displayRoot: s.root,
    backoff: { baseMs: 10, capMs: 50 },
    sleep
  })
  return { report, log }
}
