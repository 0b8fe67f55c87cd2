import { resolve } from 'node:path'
import { LocalCache } from '../cache/local.js'
import type { Log } from '../log.js'
import { INPUTS, parseOptions } from '../options.js'
import { prewarm } from '../prewarm.js'
import { emptyReport, type Report } from '../report/report.js'
import { textReport } from '../report/text.js'
import { writeFileAtomic } from '../util/fs.js'
import { configureGo, optionSecrets } from '../credentials/setup.js'
import { Redactor } from '../credentials/secrets.js'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { exitOnSignals } from '../util/process.js'
import { defaultCacheDir, helpText, inputsFromEnv, parseArgs } from './args.js'

const stderrLog: Log = {
  info: m => void process.stderr.write(m + '\n'),
  warning: m => void process.stderr.write(`warning: ${m}\n`),
  debug: m => void (process.env.GO_MOD_PREWARM_DEBUG ? process.stderr.write(`debug: ${m}\n`) : undefined),
  group: async (title, fn) => {
    process.stderr.write(`== ${title}\n`)
    return fn()
  }
}

/** Credential directories to remove before we exit, however we exit. */
const cleanup: string[] = []

function removeCredentials(): void {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Returns the exit status. */
export async function runCli(argv: string[]): Promise<number> {
  exitOnSignals(signal => {
    removeCredentials()
    process.stderr.write(`go-mod-prewarm: stopped by ${signal}\n`)
  })
  let jsonPath: string | undefined
  let report: Report
  let redactor = new Redactor()
  try {
    const args = parseArgs(argv)
    if (args.help) {
      process.stdout.write(helpText())
      return 0
    }
    jsonPath = args.json
    inputsFromEnv(args)
    if (!args.inputs.get(INPUTS.cacheDir.name)) args.inputs.set(INPUTS.cacheDir.name, defaultCacheDir())
    const options = parseOptions(name => args.inputs.get(name))
    redactor = new Redactor(optionSecrets(options))
    const setup = await configureGo(options, process.env, tmpdir())
    if (setup.dir) cleanup.push(setup.dir)
    report = await prewarm(options, {
      log: stderrLog,
      backend: new LocalCache(resolve(options.cacheDir)),
      env: { ...process.env, ...setup.env },
      displayRoot: process.cwd(),
      redactor,
      // Set when the CLI runs inside GitHub Actions: the same save policy applies.
      event: process.env.GITHUB_EVENT_NAME || undefined,
      cacheMode: process.env.ACTIONS_CACHE_MODE || undefined
    })
  } catch (err) {
    report = emptyReport()
    report.error = redactor.redact(err instanceof Error ? err.message : String(err))
  } finally {
    removeCredentials()
  }
  process.stdout.write(textReport(report))
  if (jsonPath) await writeFileAtomic(jsonPath, JSON.stringify(report, null, 2) + '\n')
  return report.ok ? 0 : 1
}
