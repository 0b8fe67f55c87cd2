// GOPROXY lists: `,` moves to the next proxy only on 404/410, `|` after any error;
// `direct` and `off` end the list.
import { matchesPatterns } from './patterns.js'

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct'

/** Proxies anyone can read: a module path sent there is no longer private. */
export const PUBLIC_PROXY_HOSTS = ['proxy.golang.org', 'goproxy.io', 'goproxy.cn', 'proxy.golang.com.cn', 'mirrors.aliyun.com']

export interface ProxyEntry {
  url: string
  /** The separator after this entry, if any. */
  separator?: ',' | '|'
}

export function parseProxyList(goproxy: string): ProxyEntry[] {
  const out: ProxyEntry[] = []
  const re = /([^,|]+)([,|])?/g
  for (const m of goproxy.matchAll(re)) {
    const url = m[1]!.trim()
    if (url) out.push({ url, separator: m[2] as ',' | '|' | undefined })
  }
  return out
}

/** Any error of one proxy moves go on to the next: for teams whose mirror goes down. */
export function fallThrough(goproxy: string): string {
  return goproxy.replace(/,/g, '|')
}

function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//, '').split('/')[0]!.toLowerCase()
}

export function isPublicProxy(url: string): boolean {
  return PUBLIC_PROXY_HOSTS.includes(hostOf(url))
}

/** Where module paths of one owner start: `github.com/org` on the big hosts, else the host. */
export function ownerPrefix(path: string): string {
  const parts = path.split('/')
  return ['github.com', 'gitlab.com', 'bitbucket.org'].includes(parts[0]!) ? parts.slice(0, 2).join('/') : parts[0]!
}

export interface PrivacyInput {
  goproxy: string
  goprivate: string
  gonoproxy: string
  gonosumdb: string
  mainModules: string[]
  requires: string[]
}

/**
 * Module paths a 404 from a private proxy would send on to a public one: requires of the
 * main module's own owner, or listed in GONOSUMDB (so known private), that GONOPROXY
 * (GOPRIVATE by default) does not cover, when GOPROXY puts a public proxy after another.
 */
export function pathsExposed(input: PrivacyInput): { paths: string[]; privateProxy?: string; publicProxy?: string } {
  const list = parseProxyList(input.goproxy)
  const firstPrivate = list.findIndex(e => e.url !== 'direct' && e.url !== 'off' && !isPublicProxy(e.url))
  const laterPublic = firstPrivate < 0 ? -1 : list.findIndex((e, i) => i > firstPrivate && isPublicProxy(e.url))
  if (firstPrivate < 0 || laterPublic < 0) return { paths: [] }
  const owners = new Set(input.mainModules.map(ownerPrefix))
  const noproxy = input.gonoproxy || input.goprivate
  const paths = input.requires.filter(
    p => (owners.has(ownerPrefix(p)) && !isPublicOwner(p)) || (input.gonosumdb !== '' && matchesPatterns(input.gonosumdb, p))
  )
  return {
    paths: [...new Set(paths)].filter(p => !matchesPatterns(noproxy, p)),
    privateProxy: list[firstPrivate]!.url,
    publicProxy: list[laterPublic]!.url
  }
}

// Sharing an owner with the main module says nothing on hosts where anyone publishes.
function isPublicOwner(path: string): boolean {
  return ['golang.org', 'google.golang.org', 'gopkg.in', 'go.uber.org', 'k8s.io', 'sigs.k8s.io'].includes(path.split('/')[0]!)
}
