// Applies the Go settings and credentials of the inputs: the variables go needs, and the
// files they point at, created fresh in a private directory (0700, files 0600) that the
// caller removes at the end. ~/.netrc and ~/.gitconfig are read, never written.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { DEFAULT_GOPROXY, fallThrough } from '../go/proxy-list.js'
import type { Options } from '../options.js'
import type { ProxyCredential } from './parse.js'
import { renderGitConfig, renderNetrc } from './render.js'
import { secretForms } from './secrets.js'

export interface GoSetup {
  /** Variables for go now, and for later steps. */
  env: Record<string, string>
  /**
   * Variables that point at our files, with what they held before (or the default
   * location go and git use when unset): restored when the files are removed.
   */
  restore: Record<string, string>
  /** The directory holding our files, when we made one. */
  dir?: string
}

export const GO_SETTINGS = {
  goproxy: 'GOPROXY',
  goprivate: 'GOPRIVATE',
  gonoproxy: 'GONOPROXY',
  gonosumdb: 'GONOSUMDB',
  gosumdb: 'GOSUMDB',
  goinsecure: 'GOINSECURE'
} as const satisfies Partial<Record<keyof Options, string>>

/** Every form of every secret in the options, for masking before anything is logged. */
export function optionSecrets(options: Pick<Options, 'proxyCredentials' | 'gitCredentials'>): string[] {
  return secretForms([
    ...options.proxyCredentials.map(c => ({ user: c.user, secret: c.password })),
    ...options.gitCredentials.map(c => ({ user: c.user, secret: c.token }))
  ])
}

/**
 * netrc entries: every proxy credential, and one per git host, because go's own
 * `?go-get=1` discovery request is plain HTTPS authenticated through netrc (GitLab
 * answers it for private subgroups only then). A proxy credential wins for its host.
 */
export function netrcMachines(options: Pick<Options, 'proxyCredentials' | 'gitCredentials'>): ProxyCredential[] {
  const out = [...options.proxyCredentials]
  for (const g of options.gitCredentials) {
    if (!out.some(m => m.host === g.host)) out.push({ host: g.host, user: g.user, password: g.token })
  }
  return out
}

async function readIfExists(path: string | undefined): Promise<string> {
  if (!path) return ''
  try {
    return await readFile(path, 'utf8')
  } catch {
    return ''
  }
}

export async function configureGo(options: Options, base: NodeJS.ProcessEnv, tempRoot: string): Promise<GoSetup> {
  const env: Record<string, string> = {}
  for (const [field, variable] of Object.entries(GO_SETTINGS) as [keyof typeof GO_SETTINGS, string][]) {
    const value = options[field]
    if (value !== '') env[variable] = value
  }
  if (options.proxyFallthrough) env.GOPROXY = fallThrough(env.GOPROXY ?? base.GOPROXY ?? DEFAULT_GOPROXY)

  const setup: GoSetup = { env, restore: {} }
  if (options.proxyCredentials.length === 0 && options.gitCredentials.length === 0) return setup

  setup.dir = await mkdtemp(join(tempRoot, 'go-mod-prewarm-'))
  try {
    await writeCredentialFiles(options, base, setup)
  } catch (err) {
    await rm(setup.dir, { recursive: true, force: true })
    throw err
  }
  return setup
}

async function writeCredentialFiles(options: Options, base: NodeJS.ProcessEnv, setup: GoSetup): Promise<void> {
  const env = setup.env
  await chmod(setup.dir!, 0o700)
  const write = async (name: string, content: string): Promise<string> => {
    const p = join(setup.dir!, name)
    await writeFile(p, content, { mode: 0o600 })
    return p
  }
  const machines = netrcMachines(options)
  if (machines.length > 0) {
    const existing = await readIfExists(base.NETRC || join(homedir(), '.netrc'))
    env.NETRC = await write('netrc', renderNetrc(machines, existing))
    setup.restore.NETRC = base.NETRC || join(homedir(), '.netrc')
    // go reads NETRC only through GOAUTH's netrc method, the default.
    const goauth = base.GOAUTH ?? ''
    if (goauth !== '' && !goauth.split(';').some(m => m.trim() === 'netrc')) {
      env.GOAUTH = goauth.trim() === 'off' ? 'netrc' : `netrc;${goauth}`
      setup.restore.GOAUTH = goauth
    }
  }
  if (options.gitCredentials.length > 0) {
    const userGlobal = base.GIT_CONFIG_GLOBAL || join(homedir(), '.gitconfig')
    env.GIT_CONFIG_GLOBAL = await write('gitconfig', renderGitConfig(options.gitCredentials, existsSync(userGlobal) ? userGlobal : undefined))
    setup.restore.GIT_CONFIG_GLOBAL = userGlobal
  }
}
