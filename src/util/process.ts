// Child processes under a deadline. go hangs for ever on a stalled response body, so
// every go we start runs in its own process group and the whole group (git included)
// is killed when the deadline passes.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export interface ProcessResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
  durationMs: number
}

export interface RunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Kill the process group after this many milliseconds. */
  timeoutMs?: number
  /** Called with each complete stderr line as it arrives. */
  onStderrLine?: (line: string) => void
}

export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command}: not found on PATH`)
    this.name = 'CommandNotFoundError'
  }
}

/** Process groups still running: killed when we exit, so no go outlives us. */
const running = new Set<number>()
let exitHookInstalled = false

function killGroup(pid: number): void {
  try {
    if (process.platform !== 'win32') process.kill(-pid, 'SIGKILL')
    else process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** Kills every child process group we started that is still running. */
export function stopAll(): void {
  for (const pid of running) killGroup(pid)
  running.clear()
}

/**
 * Stops children and exits on SIGINT/SIGTERM (Ctrl-C, a cancelled job). Only the
 * entry points call this: a library must not take signals over.
 */
export function exitOnSignals(onSignal: (signal: NodeJS.Signals) => void = () => undefined): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAll()
      onSignal(signal)
      process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  }
}

export function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  if (!exitHookInstalled) {
    process.once('exit', stopAll)
    exitHookInstalled = true
  }
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true
    })
    const pid = child.pid
    if (pid !== undefined) running.add(pid)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let partial = ''
    let timedOut = false
    child.stdout.on('data', (d: Buffer) => stdout.push(d))
    child.stderr.on('data', (d: Buffer) => {
      stderr.push(d)
      if (!options.onStderrLine) return
      const lines = (partial + d.toString('utf8')).split('\n')
      partial = lines.pop() ?? ''
      for (const l of lines) options.onStderrLine(l)
    })
    const kill = (): void => {
      if (pid !== undefined) killGroup(pid)
    }
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true
            kill()
          }, Math.max(0, options.timeoutMs))
        : undefined
    child.on('error', err => {
      if (timer) clearTimeout(timer)
      if (pid !== undefined) running.delete(pid)
      // spawn says ENOENT for a missing working directory too: only blame PATH when it is not that.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') reject(err)
      else if (!existsSync(options.cwd)) reject(new Error(`cannot run ${command}: directory ${options.cwd} does not exist`))
      else reject(new CommandNotFoundError(command))
    })
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer)
      if (pid !== undefined) running.delete(pid)
      if (partial && options.onStderrLine) options.onStderrLine(partial)
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        durationMs: Date.now() - started
      })
    })
  })
}
