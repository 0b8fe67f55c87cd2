// What the main step hands to the post step: GITHUB_STATE through @actions/core.
import * as core from '@actions/core'
import { State } from './names.js'

export interface StateProvider {
  setCleanup(paths: string[]): void
  getCleanup(): string[]
  setRestore(values: Record<string, string>): void
  getRestore(): Record<string, string>
  markMainDone(): void
  mainDone(): boolean
}

export class ActionState implements StateProvider {
  setCleanup(paths: string[]): void {
    core.saveState(State.Cleanup, JSON.stringify(paths))
  }
  getCleanup(): string[] {
    const raw = core.getState(State.Cleanup)
    if (!raw) return []
    try {
      const v = JSON.parse(raw) as unknown
      return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : []
    } catch {
      return []
    }
  }
  setRestore(values: Record<string, string>): void {
    core.saveState(State.Restore, JSON.stringify(values))
  }
  getRestore(): Record<string, string> {
    try {
      const v = JSON.parse(core.getState(State.Restore) || '{}') as unknown
      return v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) : {}
    } catch {
      return {}
    }
  }
  markMainDone(): void {
    core.saveState(State.MainDone, 'true')
  }
  mainDone(): boolean {
    return core.getState(State.MainDone) === 'true'
  }
}
