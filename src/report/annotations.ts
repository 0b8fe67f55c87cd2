// Annotations as data; the action hands them to @actions/core, which writes the
// workflow commands that put them on the go.mod lines in the run and the PR diff.
import type { Report } from './report.js'
import { headline } from './text.js'

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title: string
  message: string
  file?: string
  line?: number
}

export function annotations(report: Report): Annotation[] {
  const out: Annotation[] = [...report.cache.tampered, ...report.failures].map(f => ({
    level: 'error',
    title: `${f.module ?? 'go mod download'}: ${f.class}`,
    message: `${f.message}\n${f.hint}`,
    file: f.file,
    line: f.line
  }))
  if (!report.error) out.push({ level: 'notice', title: 'go-mod-prewarm', message: headline(report) })
  return out
}
