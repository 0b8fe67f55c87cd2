// Plain-text renderings shared by the notice annotation, the job summary and the CLI.
import { formatBytes, formatDuration } from '../util/duration.js'
import type { Report } from './report.js'

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`
}

export function retries(report: Report): number {
  return Math.max(0, report.attempts.length - 1)
}

/** One line for the run page, e.g. `Go modules ready in 12.3 s: 412 modules, 398 from cache, 14 fetched (3.1 MB), 1 retry`. */
export function headline(report: Report): string {
  if (report.error) return `go-mod-prewarm failed: ${report.error}`
  if (report.notice) return report.notice
  const m = report.modules
  const parts = [
    plural(m.ready, 'module'),
    `${m.cached} from cache`,
    `${m.fetched} fetched (${formatBytes(m.fetchedBytes)})`
  ]
  if (retries(report) > 0) parts.push(plural(retries(report), 'retry', 'retries'))
  const head = report.ok ? `Go modules ready in ${formatDuration(report.durationMs)}` : `Go modules failed after ${formatDuration(report.durationMs)}`
  const failed = report.ok ? '' : `, ${plural(report.failures.length, 'failure')}`
  return `${head}: ${parts.join(', ')}${failed}`
}

export function cacheStatusText(report: Report): string {
  const c = report.cache
  switch (c.status) {
    case 'hit':
      return `exact hit (${c.key})`
    case 'partial':
      return `partial hit from ${c.matchedKey}`
    case 'miss':
      return `miss (${c.key})`
    case 'unavailable':
      return `not used: ${c.reason ?? 'unavailable'}`
  }
}

/** The CLI's report: the same facts as the job summary, as text. */
export function textReport(report: Report): string {
  const lines = [headline(report)]
  if (report.error || report.notice) return lines.join('\n') + '\n'
  lines.push(`cache: ${cacheStatusText(report)}`)
  if (report.cache.restoredBytes !== undefined) lines.push(`restored: ${formatBytes(report.cache.restoredBytes)}`)
  lines.push(`save: ${report.cache.save.status} (${report.cache.save.reason})${report.cache.save.bytes !== undefined ? `, ${formatBytes(report.cache.save.bytes)}` : ''}`)
  lines.push(`modules: ${report.modules.inSum} in go.sum, ${report.modules.cached} cached, ${report.modules.fetched} fetched`)
  lines.push(`phases: ${report.phases.map(p => `${p.name} ${formatDuration(p.durationMs)}`).join(', ')}`)
  for (const f of report.failures) {
    lines.push(`${f.file}:${f.line}: error: ${f.module ?? 'go mod download'}: ${f.class}: ${f.message.split('\n').join(' | ')}`)
    lines.push(`  hint: ${f.hint}`)
  }
  return lines.join('\n') + '\n'
}
