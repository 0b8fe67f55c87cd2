import * as core from '@actions/core'
import { resolve } from 'node:path'
import type { CacheBackend } from '../cache/backend.js'
import { GitHubCache } from '../cache/github.js'
import { LocalCache } from '../cache/local.js'
import { configureGo, optionSecrets } from '../credentials/setup.js'
import { Redactor } from '../credentials/secrets.js'
import { parseOptions } from '../options.js'
import { tmpdir } from 'node:os'
import { prewarm } from '../prewarm.js'
import { annotations } from '../report/annotations.js'
import type { Report } from '../report/report.js'
import { summaryMarkdown } from '../report/summary.js'
import { headline } from '../report/text.js'
import { exitOnSignals } from '../util/process.js'
import { actionLog } from './log.js'
import { Outputs } from './names.js'
import { ActionState, type StateProvider } from './state.js'

function publish(report: Report): void {
  core.setOutput(Outputs.CacheHit, String(report.cache.status === 'hit'))
  core.setOutput(Outputs.CacheKey, report.cache.key ?? '')
  core.setOutput(Outputs.CacheMatchedKey, report.cache.matchedKey ?? '')
  core.setOutput(Outputs.Modules, String(report.modules.ready))
  core.setOutput(Outputs.ModulesFetched, String(report.modules.fetched))
  core.setOutput(Outputs.Gomodcache, report.gomodcache ?? '')
  for (const a of annotations(report)) {
    const props = { title: a.title, file: a.file, startLine: a.line }
    if (a.level === 'error') core.error(a.message, props)
    else if (a.level === 'warning') core.warning(a.message, props)
    else core.notice(a.message, props)
  }
}

async function writeSummary(report: Report): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(summaryMarkdown(report), true).write()
}

export async function runMain(state: StateProvider = new ActionState()): Promise<void> {
  // A cancelled job gets SIGINT: stop go with us, and leave no cache behind.
  exitOnSignals(signal => core.setFailed(`Stopped by ${signal}: the job was cancelled`))
  // cache-hit is always set, so `if: steps.x.outputs.cache-hit != 'true'` never sees an empty string.
  core.setOutput(Outputs.CacheHit, 'false')
  state.setCleanup([])
  let redactor = new Redactor()
  try {
    const options = parseOptions(name => core.getInput(name))
    // Masked before anything else is logged, in every form a secret can take.
    const secrets = optionSecrets(options)
    for (const secret of secrets) core.setSecret(secret)
    redactor = new Redactor(secrets)
    const setup = await configureGo(options, process.env, process.env.RUNNER_TEMP || tmpdir())
    // Recorded at once, so the post step removes the files whatever happens next.
    if (setup.dir) state.setCleanup([setup.dir])
    state.setRestore(setup.restore)
    for (const [name, value] of Object.entries(setup.env)) core.exportVariable(name, value)
    const backend: CacheBackend = options.cacheDir ? new LocalCache(resolve(options.cacheDir)) : new GitHubCache()
    const report = await prewarm(options, {
      log: actionLog,
      backend,
      env: process.env,
      displayRoot: process.env.GITHUB_WORKSPACE || process.cwd(),
      redactor,
      event: process.env.GITHUB_EVENT_NAME || undefined,
      cacheMode: process.env.ACTIONS_CACHE_MODE || undefined
    })
    publish(report)
    await writeSummary(report)
    if (!report.ok) core.setFailed(headline(report))
  } catch (err) {
    core.setFailed(redactor.redact(err instanceof Error ? err.message : String(err)))
  } finally {
    state.markMainDone()
  }
}
