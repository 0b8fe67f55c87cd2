// The files that carry credentials to go and git.
import type { GitCredential, ProxyCredential } from './parse.js'

/** A netrc for go (GOAUTH=netrc reads $NETRC). Existing entries are kept after ours. */
export function renderNetrc(creds: ProxyCredential[], existing = ''): string {
  const ours = creds.map(c => `machine ${c.host}\nlogin ${c.user}\npassword ${c.password}\n`).join('')
  return existing.trim() === '' ? ours : `${ours}\n${existing.trimEnd()}\n`
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/**
 * A git config for GIT_CONFIG_GLOBAL. Each prefix gets an Authorization header scoped to
 * `https://host/prefix/` (git matches http.<url> on path boundaries), and its ssh forms
 * are rewritten to that https URL. The credential is never part of a URL, so no error
 * message that quotes a URL can carry it. The user's own global config is included.
 */
export function renderGitConfig(creds: GitCredential[], include?: string): string {
  const lines: string[] = []
  if (include) lines.push('[include]', `\tpath = ${quote(include)}`)
  for (const c of creds) {
    const base = `https://${c.host}/${c.prefix}/`
    const sshHost = c.host.replace(/:\d+$/, '')
    const basic = Buffer.from(`${c.user}:${c.token}`).toString('base64')
    lines.push(
      `[http ${quote(base)}]`,
      `\textraHeader = ${quote(`Authorization: Basic ${basic}`)}`,
      `[url ${quote(base)}]`,
      `\tinsteadOf = ${quote(`ssh://git@${sshHost}/${c.prefix}/`)}`,
      `\tinsteadOf = ${quote(`git@${sshHost}:${c.prefix}/`)}`
    )
  }
  return lines.join('\n') + '\n'
}
