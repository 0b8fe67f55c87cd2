// `--name value` / `--name=value` for every input in ../options.ts, plus the CLI's own.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { INPUTS, InputError } from '../options.js'

export const CLI_FLAGS = {
  json: { name: 'json', description: 'Also write the report as JSON to this file.' },
  help: { name: 'help', description: 'Show this help.' }
} as const

export interface CliArgs {
  inputs: Map<string, string>
  json?: string
  help: boolean
}

const INPUT_NAMES = new Set(Object.values(INPUTS).map(s => s.name))
const BOOLEAN_INPUTS = new Set(Object.values(INPUTS).filter(s => s.default === 'true' || s.default === 'false').map(s => s.name))

export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { inputs: new Map(), help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const m = /^--([a-z][a-z0-9-]*)(?:=([\s\S]*))?$/.exec(arg)
    if (!m) throw new InputError(arg, 'unexpected argument: flags are --name value or --name=value (see --help)')
    const name = m[1]!
    if (name === CLI_FLAGS.help.name) {
      out.help = true
      continue
    }
    if (name !== CLI_FLAGS.json.name && !INPUT_NAMES.has(name))
      throw new InputError(`--${name}`, `unknown flag; accepted: ${[...INPUT_NAMES, CLI_FLAGS.json.name, CLI_FLAGS.help.name].map(n => '--' + n).join(', ')}`)
    let value = m[2]
    if (value === undefined) {
      const next = argv[i + 1]
      if (BOOLEAN_INPUTS.has(name) && (next === undefined || next.startsWith('--'))) value = 'true'
      else if (next === undefined) throw new InputError(`--${name}`, 'needs a value')
      else value = argv[++i]!
    }
    if (name === CLI_FLAGS.json.name) out.json = value
    else out.inputs.set(name, value)
  }
  return out
}

/** The variable an input may also come from, so that secrets need not be on a command line. */
export function envName(input: string): string {
  return `GO_MOD_PREWARM_${input.toUpperCase().replace(/-/g, '_')}`
}

/** Inputs not given as flags, from GO_MOD_PREWARM_<NAME> variables. */
export function inputsFromEnv(args: CliArgs, env: NodeJS.ProcessEnv = process.env): void {
  for (const name of INPUT_NAMES) {
    const value = env[envName(name)]
    if (!args.inputs.has(name) && value !== undefined && value !== '') args.inputs.set(name, value)
  }
}

/** Where the CLI keeps its cache unless told otherwise. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'go-mod-prewarm')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'go-mod-prewarm')
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-mod-prewarm')
}

export function helpText(): string {
  const rows = [
    ...Object.values(INPUTS).map(s => [`--${s.name}`, `${s.description}${s.default ? ` (default: ${s.default})` : ''}`]),
    [`--${CLI_FLAGS.json.name} FILE`, CLI_FLAGS.json.description],
    [`--${CLI_FLAGS.help.name}`, CLI_FLAGS.help.description]
  ]
  const width = Math.max(...rows.map(r => r[0]!.length)) + 2
  return [
    'go-mod-prewarm: fetch, verify and cache the Go modules of a module or workspace.',
    '',
    'Usage: go-mod-prewarm [--working-directory DIR] [--cache-dir DIR] [flags]',
    '',
    ...rows.map(([f, d]) => `  ${f!.padEnd(width)}${d}`),
    '',
    'Every flag can also be set through a variable, e.g. GO_MOD_PREWARM_PROXY_CREDENTIALS for',
    '--proxy-credentials: prefer that for secrets, which a command line shows to ps.',
    '',
    'Exit status: 0 when every module is ready, 1 otherwise.',
    ''
  ].join('\n')
}
