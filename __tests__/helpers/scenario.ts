// One test world: fixture modules on a loopback proxy, a consumer module whose go.sum
// the real go wrote, an empty module cache and an empty local cache directory.
import { mkdir } from 'node:fs/promises'
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
