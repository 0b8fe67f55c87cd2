// What the main step hands to the post step: GITHUB_STATE through @actions/core.
import * as core from '@actions/core'
import { State } from './names.js'

export interface StateProvider {
  setCleanup(paths: string[]): void
  getCleanup(): string[]
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
  markMainDone(): void {
    core.saveState(State.MainDone, 'true')
  }
  mainDone(): boolean {
    return core.getState(State.MainDone) === 'true'
  }
}
