// Private modules on real parts: public fixture modules behind an HTTPS GOPROXY that
// requires basic auth, a private module in a git repository behind a token, reached
// under its real host name through a CONNECT proxy, and a user home whose ~/.netrc and
// ~/.gitconfig must come out of every run byte-identical.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { secretForms } from '../../src/credentials/secrets.js'
import { ConnectProxy, GitServer } from './gitserver.js'
import { consumerModule, removeTree, tempDir } from './gotool.js'
import { fixtureModules } from './scenario.js'
import { FixtureProxy } from './proxy.js'
import { makeCa } from './tls.js'

export const PROXY_USER = 'ci-bot'
export const PROXY_SECRET = 'pr0xy-S3cret/with+chars='
export const GIT_SECRET = 'ghs_G1tT0kenSecretValue123'
export const PRIVATE_MODULE = 'git.example.test/org/private'

export interface PrivateWorld {
  root: string
  home: string
  app: string
  proxy: FixtureProxy
  git: GitServer
  connect: ConnectProxy
  caFile: string
  /** HOME files as they were before any run. */
  homeFiles: Record<string, Buffer>
  /** Every form of every secret, for leak scans. */
  secretForms: string[]
  proxyCredentials: string
  gitCredentials: string
  env(modCache: string, extra?: Record<string, string>): NodeJS.ProcessEnv
  close(): Promise<void>
}

export async function privateWorld(): Promise<PrivateWorld> {
  const root = await tempDir('private')
  const ca = await makeCa(root, ['git.example.test', '127.0.0.1'])
  const home = join(root, 'home')
  await mkdir(home)
  await writeFile(join(home, '.netrc'), 'machine unrelated.example\nlogin someone\npassword keep-this-one\n')
  // The user's own git config trusts the test CA: our config must include it to work.
  await writeFile(join(home, '.gitconfig'), `[user]\n\tname = Someone\n[http]\n\tsslCAInfo = ${ca.caFile}\n`)
  const homeFiles = { '.netrc': await readFile(join(home, '.netrc')), '.gitconfig': await readFile(join(home, '.gitconfig')) }

  const publicModules = fixtureModules(2, 'example.com/pub')
  const proxy = new FixtureProxy(publicModules, { tls: { key: ca.key, cert: ca.cert }, basicAuth: { user: PROXY_USER, password: PROXY_SECRET } })
  await proxy.start()
  const basic = `Basic ${Buffer.from(`x-access-token:${GIT_SECRET}`).toString('base64')}`
  const git = new GitServer(join(root, 'git'), ca, basic)
  await mkdir(git.root)
  await git.addRepo({ repo: 'org/private', modulePath: PRIVATE_MODULE, version: 'v1.0.0', files: { 'private.go': 'package private\n\nconst Version = "v1.0.0"\n' } })
  await git.start()
  const connect = new ConnectProxy(() => git.port)
  await connect.start()
  const proxyHost = proxy.url.replace('https://', '')

  const base = (modCache: string): Record<string, string> => ({
    HOME: home,
    SSL_CERT_FILE: ca.caFile,
    HTTPS_PROXY: connect.url,
    https_proxy: connect.url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    TMPDIR: join(root, 'tmp'),
    GOMODCACHE: modCache
  })
  await mkdir(join(root, 'tmp'))

  // go.sum by the real go, with credentials the test writes itself.
  const setupDir = join(root, 'setup')
  await mkdir(setupDir)
  await writeFile(join(setupDir, 'netrc'), `machine ${proxyHost}\nlogin ${PROXY_USER}\npassword ${PROXY_SECRET}\n`)
  await writeFile(join(setupDir, 'gitconfig'), `[http]\n\tsslCAInfo = ${ca.caFile}\n[http "https://git.example.test/org/"]\n\textraHeader = Authorization: ${basic}\n`)
  const app = join(root, 'app')
  await consumerModule(app, [...publicModules, { path: PRIVATE_MODULE, version: 'v1.0.0' }], proxy.url, {
    env: { ...base(join(root, 'setup-modcache')), NETRC: join(setupDir, 'netrc'), GIT_CONFIG_GLOBAL: join(setupDir, 'gitconfig'), GOPRIVATE: 'git.example.test' }
  })
  await removeTree(setupDir)

  const forms = secretForms([
    { user: PROXY_USER, secret: PROXY_SECRET },
    { user: 'x-access-token', secret: GIT_SECRET }
  ])
  return {
    root,
    home,
    app,
    proxy,
    git,
    connect,
    caFile: ca.caFile,
    homeFiles,
    secretForms: forms,
    proxyCredentials: `${proxyHost}=${PROXY_USER}:${PROXY_SECRET}`,
    gitCredentials: `git.example.test/org=${GIT_SECRET}`,
    env(modCache, extra = {}) {
      const { PATH, GOCACHE } = process.env
      return {
        PATH,
        GOCACHE: GOCACHE || join(root, 'gocache'),
        GOPROXY: proxy.url,
        GOSUMDB: 'off',
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-modcacherw',
        GOENV: 'off',
        GOWORK: 'off',
        ...base(modCache),
        ...extra
      }
    },
    async close() {
      await Promise.all([proxy.stop(), git.stop(), connect.stop()])
      await removeTree(root)
    }
  }
}

/** The secret forms found in `text`, ignoring the runner's own ::add-mask:: commands. */
export function leaks(text: string, forms: string[]): string[] {
  const visible = text
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  return forms.filter(f => visible.includes(f))
}
