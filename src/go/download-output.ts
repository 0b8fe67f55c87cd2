// Parsing what `go mod download -json -x` prints. Most failures are JSON objects on
// stdout; graph-loading failures and checksum mismatches exist only on stderr; a
// request that stalls shows only as a `# get <url>` line that never completes.
import { unescapePath, moduleId } from './escape.js'

export interface ModuleOutcome {
  path: string
  version: string
  error?: string
  info?: string
  goMod?: string
  zip?: string
  dir?: string
  sum?: string
  goModSum?: string
}

export interface StderrMessage {
  /** The module the message is about, when it names one. */
  path?: string
  version?: string
  text: string
}

export interface ProxyRequest {
  url: string
  path?: string
  version?: string
  file?: 'info' | 'mod' | 'zip' | 'list' | 'latest'
}

/** Splits concatenated JSON objects (go prints them one after another, not as an array). */
export function parseJsonStream(text: string): unknown[] {
  const out: unknown[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') {
      if (depth++ === 0) start = i
    } else if (c === '}' && depth > 0 && --depth === 0) {
      out.push(JSON.parse(text.slice(start, i + 1)))
    }
  }
  return out
}

export function parseModuleOutcomes(stdout: string): ModuleOutcome[] {
  return parseJsonStream(stdout).map(o => {
    const r = o as Record<string, string | undefined>
    return {
      path: r.Path ?? '',
      version: r.Version ?? '',
      error: r.Error,
      info: r.Info,
      goMod: r.GoMod,
      zip: r.Zip,
      dir: r.Dir,
      sum: r.Sum,
      goModSum: r.GoModSum
    }
  })
}

/** `<base>/<escaped path>/@v/<escaped version>.<ext>` -> the module and file it asks for. */
export function parseProxyUrl(url: string): ProxyRequest {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(url).pathname)
  } catch {
    return { url }
  }
  const m = /^(.*)\/(?:(@latest)|@v\/(?:(list)|(.+)\.(info|mod|zip)))$/.exec(pathname)
  if (!m) return { url }
  // The base URL may have a path of its own (https://corp/goproxy/...): module paths
  // start at the first element that looks like a host name.
  const parts = m[1]!.split('/').filter(Boolean)
  const hostIndex = parts.findIndex(p => p.includes('.'))
  const path = unescapePath(parts.slice(hostIndex < 0 ? 0 : hostIndex).join('/'))
  if (m[2]) return { url, path, file: 'latest' }
  if (m[3]) return { url, path, file: 'list' }
  return { url, path, version: unescapePath(m[4]!), file: m[5] as 'info' | 'mod' | 'zip' }
}

const GET_START = /^# get (\S+)$/
const GET_DONE = /^# get (\S+): /
const TRACE = /^(# |\d+(\.\d+)?s # |cd |git |mkdir )/
const NOISE = /^go: (downloading|finding|extracting) /
const NEW_MESSAGE = /^(go: |verifying |\S+@\S+: )/
const MODULE_REF = /(?:^|\n)\s*(?:go: )?(?:verifying )?([^\s@:]+)@([^\s:@]+?)(?:\/go\.mod)?: /g

export interface StderrSummary {
  messages: StderrMessage[]
  /**
   * Every proxy request go started, with the status line when one came. go prints the
   * status once headers arrive, so a body that stalls still shows one.
   */
  requests: (ProxyRequest & { status?: string })[]
}

export function parseStderr(stderr: string): StderrSummary {
  const requests: StderrSummary['requests'] = []
  const blocks: string[][] = []
  for (const line of stderr.split('\n')) {
    const start = GET_START.exec(line)
    if (start) {
      requests.push(parseProxyUrl(start[1]!))
      continue
    }
    const done = GET_DONE.exec(line)
    if (done) {
      const r = requests.find(q => q.url === done[1] && q.status === undefined)
      if (r) r.status = line.slice(done[0].length)
      continue
    }
    if (TRACE.test(line) || NOISE.test(line)) continue
    if (NEW_MESSAGE.test(line) || blocks.length === 0) blocks.push([line])
    else blocks[blocks.length - 1]!.push(line)
  }
  const messages: StderrMessage[] = []
  for (const block of blocks) {
    const text = block.join('\n').trim()
    if (text === '') continue
    const refs = [...text.matchAll(MODULE_REF)]
    const last = refs[refs.length - 1]
    messages.push(last ? { path: last[1], version: last[2], text } : { text })
  }
  return { messages, requests }
}

export function idOf(m: { path?: string; version?: string }): string | undefined {
  return m.path && m.version ? moduleId(m.path, m.version) : undefined
}
