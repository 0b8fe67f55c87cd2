// How the domain code talks to whoever runs it: the action maps this onto
// @actions/core (groups fold in the job log), the CLI onto stderr.

export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

/** For tests and library use: keeps every line. */
export class MemoryLog implements Log {
  readonly lines: string[] = []
  info(m: string): void {
    this.lines.push(m)
  }
  warning(m: string): void {
    this.lines.push(`warning: ${m}`)
  }
  debug(m: string): void {
    this.lines.push(`debug: ${m}`)
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`[${title}]`)
    return fn()
  }
}
