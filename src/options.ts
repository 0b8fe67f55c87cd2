// Every input, defined once: the action reads them as `INPUT_<NAME>`, the CLI as
// `--<name>`, and action.yml and the README are checked against this table in tests.
import { parseGitCredentials, parseProxyCredentials, type GitCredential, type ProxyCredential } from './credentials/parse.js'
import { parseDuration } from './util/duration.js'

export interface Options {
  workingDirectory: string
  cacheDependencyPath: string[]
  cacheKeyPrefix: string
  restorePartial: boolean
  keepToolchains: boolean
  verify: VerifyMode
  save: SaveMode
  lookupOnly: boolean
  attempts: number
  prefetch: boolean
  concurrency: number
  attemptTimeoutMs: number
  timeoutMs: number
  /** A local directory to keep the cache in instead of the GitHub cache service. */
  cacheDir: string
  goproxy: string
  goprivate: string
  gonoproxy: string
  gonosumdb: string
  gosumdb: string
  goinsecure: string
  proxyCredentials: ProxyCredential[]
  gitCredentials: GitCredential[]
  proxyFallthrough: boolean
}

export type SaveMode = 'auto' | 'true' | 'false'
export type VerifyMode = 'auto' | 'full' | 'fast' | 'off'

export class InputError extends Error {
  constructor(readonly input: string, message: string) {
    super(`${input}: ${message}`)
    this.name = 'InputError'
  }
}

interface InputSpec<T> {
  name: string
  description: string
  default: string
  parse(raw: string, name: string): T
}

function bool(raw: string, name: string): boolean {
  const v = raw.trim().toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  throw new InputError(name, `${JSON.stringify(raw)} is not accepted: give true or false`)
}

function saveMode(raw: string, name: string): SaveMode {
  const v = raw.trim().toLowerCase()
  if (v === 'auto' || v === 'true' || v === 'false') return v
  throw new InputError(name, `${JSON.stringify(raw)} is not accepted: give auto, true or false`)
}

function verifyMode(raw: string, name: string): VerifyMode {
  const v = raw.trim().toLowerCase()
  if (v === 'auto' || v === 'full' || v === 'fast' || v === 'off') return v
  throw new InputError(name, `${JSON.stringify(raw)} is not accepted: give auto, full, fast or off`)
}

function wholeNumber(min: number, max: number) {
  return (raw: string, name: string): number => {
    const v = raw.trim()
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw new InputError(name, `${JSON.stringify(raw)} is not accepted: give a whole number from ${min} to ${max}`)
    return Number(v)
  }
}

function duration(raw: string, name: string): number {
  const ms = parseDuration(raw)
  if (ms === undefined)
    throw new InputError(name, `${JSON.stringify(raw)} is not accepted: give a positive duration such as 90s, 5m or 1h30m (a bare number is seconds)`)
  return ms
}

function text(raw: string): string {
  return raw.trim()
}

function lines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
}

function keyPrefix(raw: string, name: string): string {
  const v = raw.trim()
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(v))
    throw new InputError(name, `${JSON.stringify(raw)} is not accepted: use 1 to 100 letters, digits, '.', '_' or '-'`)
  return v
}

export const INPUTS: { [K in keyof Options]: InputSpec<Options[K]> } = {
  workingDirectory: {
    name: 'working-directory',
    description: 'Directory of the go.mod or go.work to prepare.',
    default: '.',
    parse: text
  },
  cacheDependencyPath: {
    name: 'cache-dependency-path',
    description:
      'Files the cache key is computed from, one glob a line, relative to working-directory. Default: the go.sum files of the module or workspace and go.work.sum.',
    default: '',
    parse: lines
  },
  cacheKeyPrefix: {
    name: 'cache-key-prefix',
    description: 'First part of the cache key; change it to start over with a fresh cache.',
    default: 'go-mod-prewarm',
    parse: keyPrefix
  },
  restorePartial: {
    name: 'restore-partial',
    description: 'On a miss, restore the newest cache with the same prefix and OS, then fetch only what it lacks.',
    default: 'true',
    parse: bool
  },
  keepToolchains: {
    name: 'keep-toolchains',
    description:
      'Keep every Go toolchain that GOTOOLCHAIN downloaded in the saved cache. By default only module versions the sum files list, and the toolchain this module asks for, are saved.',
    default: 'false',
    parse: bool
  },
  verify: {
    name: 'verify',
    description:
      'How a restored cache is checked against go.sum before go uses it: full re-hashes every zip and go.mod (about 3.7 s per 200 MB of zips on 2 cores), fast checks the .ziphash files and re-hashes the go.mod files (milliseconds), auto is full on a partial hit (which is saved again) and fast on an exact hit, off trusts the cache. What does not match is deleted, annotated and fetched fresh, and the cache is not saved.',
    default: 'auto',
    parse: verifyMode
  },
  save: {
    name: 'save',
    description:
      'When to save the module cache (only ever when the exact key missed and every module downloaded and verified): auto saves on trusted events (push, schedule, workflow_dispatch, merge_group, pull_request), true on any event, false never (restore-only).',
    default: 'auto',
    parse: saveMode
  },
  lookupOnly: {
    name: 'lookup-only',
    description: 'Only say whether the exact cache key exists (output cache-hit), without restoring or downloading anything: to skip a warm-up job when the cache is already warm.',
    default: 'false',
    parse: bool
  },
  attempts: {
    name: 'attempts',
    description: 'Attempts of go mod download (1 to 10); a new attempt only while every failure is transient.',
    default: '4',
    parse: wholeNumber(1, 10)
  },
  prefetch: {
    name: 'prefetch',
    description:
      'Fetch what the cache lacks straight from GOPROXY, many files at once with retries per request, each verified against go.sum before it lands, each zip extracted as go would (on worker threads); go mod download then runs as the final authority. false leaves all fetching to go.',
    default: 'true',
    parse: bool
  },
  concurrency: {
    name: 'concurrency',
    description: 'Requests the prefetch keeps in flight at once (1 to 256).',
    default: '32',
    parse: wholeNumber(1, 256)
  },
  attemptTimeoutMs: {
    name: 'attempt-timeout',
    description: 'Deadline of one attempt, such as 90s or 5m; go is stopped when it passes (it would hang for ever on a stalled proxy).',
    default: '5m',
    parse: duration
  },
  timeoutMs: {
    name: 'timeout',
    description: 'Deadline of all attempts and the waits between them together.',
    default: '15m',
    parse: duration
  },
  cacheDir: {
    name: 'cache-dir',
    description:
      'Keep the cache in this local directory instead of the GitHub cache service (self-hosted runners with a persistent disk); entries unused for 7 days are removed. The CLI defaults to the user cache directory.',
    default: '',
    parse: text
  },
  goproxy: {
    name: 'goproxy',
    description: 'GOPROXY for the download and for later steps, such as https://goproxy.corp.example,https://proxy.golang.org,direct. Default: inherited.',
    default: '',
    parse: text
  },
  goprivate: {
    name: 'goprivate',
    description: 'GOPRIVATE: comma-separated module path patterns fetched directly and kept away from proxies and the checksum database, such as github.com/my-org/*. Default: inherited.',
    default: '',
    parse: text
  },
  gonoproxy: {
    name: 'gonoproxy',
    description: 'GONOPROXY: module path patterns fetched directly, not through GOPROXY. Default: inherited (go falls back to GOPRIVATE).',
    default: '',
    parse: text
  },
  gonosumdb: {
    name: 'gonosumdb',
    description: 'GONOSUMDB: module path patterns never looked up in the checksum database. Default: inherited (go falls back to GOPRIVATE).',
    default: '',
    parse: text
  },
  gosumdb: {
    name: 'gosumdb',
    description: 'GOSUMDB: the checksum database, or off. Default: inherited.',
    default: '',
    parse: text
  },
  goinsecure: {
    name: 'goinsecure',
    description: 'GOINSECURE: module path patterns that may be fetched over plain HTTP (direct fetches only; checksums are still checked). Default: inherited.',
    default: '',
    parse: text
  },
  proxyCredentials: {
    name: 'proxy-credentials',
    description: 'Credentials for private module proxies, one HOST[:PORT]=USER:PASSWORD a line (HOST[:PORT] as in the proxy URL). Given to go through a temporary netrc file; pass them from secrets.',
    default: '',
    parse: (raw, name) => parseProxyCredentials(raw, name)
  },
  gitCredentials: {
    name: 'git-credentials',
    description:
      'Tokens for private repositories fetched directly (see goprivate), one HOST/PATH-PREFIX=TOKEN or HOST/PATH-PREFIX=USER:TOKEN a line (user x-access-token by default, as GitHub expects). Scoped to the prefix through a temporary git config; pass them from secrets.',
    default: '',
    parse: (raw, name) => parseGitCredentials(raw, name)
  },
  proxyFallthrough: {
    name: 'proxy-fallthrough',
    description: "Let any error of one proxy (not only 404/410) move go on to the next in GOPROXY, by turning ',' into '|'. For teams whose mirror goes down.",
    default: 'false',
    parse: bool
  }
}

/** `read(name)` gives the raw input, or undefined/'' when not set. */
export function parseOptions(read: (name: string) => string | undefined): Options {
  const out = {} as Record<keyof Options, unknown>
  for (const [field, spec] of Object.entries(INPUTS) as [keyof Options, InputSpec<unknown>][]) {
    const raw = read(spec.name)
    out[field] = spec.parse(raw === undefined || raw.trim() === '' ? spec.default : raw, spec.name)
  }
  return out as Options
}
