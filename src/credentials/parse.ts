// proxy-credentials and git-credentials: one entry a line. A malformed line is reported
// by its number and the accepted forms only: its text may hold a secret.
import { InputError } from '../options.js'

export interface ProxyCredential {
  /** host or host:port, exactly as in the proxy URL (go's netrc lookup compares host:port). */
  host: string
  user: string
  password: string
}

export interface GitCredential {
  host: string
  /** Path prefix without leading or trailing '/', e.g. `my-org` or `group/sub`. */
  prefix: string
  user: string
  token: string
}

export const PROXY_CREDENTIALS_FORM = 'HOST[:PORT]=USER:PASSWORD'
export const GIT_CREDENTIALS_FORM = 'HOST/PATH-PREFIX=TOKEN or HOST/PATH-PREFIX=USER:TOKEN'

/** GitHub's user name for app installation and fine-grained tokens; other hosts accept any. */
export const DEFAULT_GIT_USER = 'x-access-token'

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/
const PREFIX = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/

function entries(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter(e => e.text !== '' && !e.text.startsWith('#'))
}

function bad(input: string, line: number, why: string, form: string): InputError {
  return new InputError(input, `line ${line} ${why}; accepted: ${form}, one entry a line`)
}

// netrc splits on white space and git's config values end at a newline: neither can
// carry a secret with white space in it.
function checkSecret(input: string, line: number, secret: string, form: string): void {
  if (secret === '') throw bad(input, line, 'has an empty secret', form)
  if (/\s/.test(secret)) throw bad(input, line, 'has white space in its secret, which netrc and git config cannot carry', form)
}

export function parseProxyCredentials(text: string, input = 'proxy-credentials'): ProxyCredential[] {
  return entries(text).map(({ line, text: t }) => {
    const eq = t.indexOf('=')
    if (eq < 0) throw bad(input, line, 'has no "="', PROXY_CREDENTIALS_FORM)
    const host = t.slice(0, eq).trim().toLowerCase()
    const cred = t.slice(eq + 1).trim()
    if (!HOST.test(host)) throw bad(input, line, 'has no valid HOST[:PORT] before "="', PROXY_CREDENTIALS_FORM)
    const colon = cred.indexOf(':')
    if (colon <= 0) throw bad(input, line, 'has no USER:PASSWORD after "="', PROXY_CREDENTIALS_FORM)
    const user = cred.slice(0, colon)
    const password = cred.slice(colon + 1)
    if (/\s/.test(user)) throw bad(input, line, 'has white space in its user name', PROXY_CREDENTIALS_FORM)
    checkSecret(input, line, password, PROXY_CREDENTIALS_FORM)
    return { host, user, password }
  })
}

export function parseGitCredentials(text: string, input = 'git-credentials'): GitCredential[] {
  return entries(text).map(({ line, text: t }) => {
    const eq = t.indexOf('=')
    if (eq < 0) throw bad(input, line, 'has no "="', GIT_CREDENTIALS_FORM)
    const target = t.slice(0, eq).trim().replace(/^https?:\/\//, '').replace(/\/+$/, '')
    const cred = t.slice(eq + 1).trim()
    const slash = target.indexOf('/')
    const host = (slash < 0 ? target : target.slice(0, slash)).toLowerCase()
    const prefix = slash < 0 ? '' : target.slice(slash + 1)
    if (!HOST.test(host) || !PREFIX.test(prefix)) throw bad(input, line, 'has no valid HOST/PATH-PREFIX before "="', GIT_CREDENTIALS_FORM)
    const colon = cred.indexOf(':')
    const user = colon > 0 ? cred.slice(0, colon) : DEFAULT_GIT_USER
    const token = colon > 0 ? cred.slice(colon + 1) : cred
    if (/\s/.test(user)) throw bad(input, line, 'has white space in its user name', GIT_CREDENTIALS_FORM)
    checkSecret(input, line, token, GIT_CREDENTIALS_FORM)
    return { host, prefix, user, token }
  })
}
