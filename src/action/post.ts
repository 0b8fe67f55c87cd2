import * as core from '@actions/core'
import { rm } from 'node:fs/promises'
import { ActionState, type StateProvider } from './state.js'

/** Runs always (post-if: always()), so nothing the main step created outlives the job. */
export async function runPost(state: StateProvider = new ActionState()): Promise<void> {
  try {
    const paths = state.getCleanup()
    for (const p of paths) await rm(p, { recursive: true, force: true })
    if (paths.length > 0) core.info('Removed the credential files of the main step')
    // The variables that named those files go back to what they were before.
    for (const [name, value] of Object.entries(state.getRestore())) core.exportVariable(name, value)
    if (!state.mainDone()) core.info('The main step did not finish; nothing else to do.')
  } catch (err) {
    // Cleanup trouble is reported but must not turn a green job red.
    core.warning(`Post step: ${err instanceof Error ? err.message : String(err)}`)
  }
}
