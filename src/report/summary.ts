// The job summary, as Markdown.
import { formatBytes, formatDuration } from '../util/duration.js'
import type { Report } from './report.js'
import { cacheStatusText, headline } from './text.js'

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

export function summaryMarkdown(report: Report): string {
  const out: string[] = ['## Go modules', '', headline(report), '']
  if (report.error || report.notice) return out.join('\n')
  const c = report.cache
  const m = report.modules
  const bytes = (n: number | undefined): string => (n === undefined ? '–' : formatBytes(n))
  out.push(
    '| | |',
    '| --- | --- |',
    `| Cache | ${cell(cacheStatusText(report))} |`,
    `| Save | ${cell(`${c.save.status}: ${c.save.reason}`)} |`,
    `| Modules in go.sum | ${m.inSum} |`,
    `| Already cached | ${m.cached} |`,
    `| Fetched | ${m.fetched} |`,
    `| Bytes restored / fetched / saved | ${bytes(c.restoredBytes)} / ${formatBytes(m.fetchedBytes)} / ${bytes(c.save.bytes)} |`,
    ...(c.pruned && c.pruned.files > 0 ? [`| Left out of the saved cache | ${c.pruned.files} files, ${formatBytes(c.pruned.bytes)} that go.sum no longer lists |`] : []),
    '',
    '| Phase | Time |',
    '| --- | --- |',
    ...report.phases.map(p => `| ${cell(p.name)} | ${formatDuration(p.durationMs)} |`),
    ''
  )
  if (c.verify) out.splice(out.indexOf('| Phase | Time |') - 1, 0, `Restored cache checked against go.sum (${c.verify.depth}): ${c.verify.checked} files, ${c.tampered.length} altered.`, '')
  const failures = [...c.tampered, ...report.failures]
  if (failures.length > 0) {
    out.push(
      '### Failures',
      '',
      '| Module | Class | Where | Error | Hint |',
      '| --- | --- | --- | --- | --- |',
      ...failures.map(
        f => `| ${cell(f.module ?? '–')} | ${f.class} | ${cell(`${f.file}:${f.line}`)} | ${cell(f.message)} | ${cell(f.hint)} |`
      ),
      ''
    )
  }
  return out.join('\n')
}
