/** The readable form of a scan report (docs/reference.md §12). */
import { formatIssue } from '../src/manifest/validate'
import type { Item, Report } from './findings'
import { shown, SHOWN } from './output'

const PHASE_NAMES = { before: 'Before any decision', reject: 'After Reject all', accept: 'After Accept all' }

const lifetime = (item: Item): string =>
  item.kind !== 'cookie' ? '' : item.days === null || item.days === undefined ? 'session' : `${item.days} day${item.days === 1 ? '' : 's'}`

const what = (item: Item): string => (item.kind === 'host' ? 'host' : item.kind === 'cookie' ? 'cookie' : item.kind)

/** Rows as aligned columns. */
const table = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]!.length))) ?? []
  return rows.map((row) => '  ' + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd())
}

const itemRow = (item: Item): string[] => [what(item), item.name, item.domain ?? '', lifetime(item)]

const phaseSection = (report: Report, phase: 'before' | 'reject' | 'accept', all: boolean): string[] => {
  const items = report.phases[phase]
  if (!items) return [`${PHASE_NAMES[phase]}: skipped`]
  const rows = items.map((item) => [...itemRow(item), item.own ? 'consentry (decision)' : item.vendor ?? '(undeclared)'])
  return [`${PHASE_NAMES[phase]}: ${items.length} item${items.length === 1 ? '' : 's'}`, ...shown(table(rows), all, 'items')]
}

/** The whole report as text for a terminal. */
export const renderText = (report: Report, all = false): string => {
  const lines = [`consentry scan of ${report.url}`, `  pages: ${report.pages.join(', ')}`]
  if (report.manifest) {
    lines.push(`  manifest: ${report.manifest.source}${report.manifest.valid ? '' : ' (INVALID)'}`)
    lines.push(...shown(report.manifest.issues.map((issue) => `    ${formatIssue(issue)}`), all, 'problems', '    '))
  } else lines.push('  manifest: none (nothing is declared)')
  lines.push('', ...phaseSection(report, 'before', all), '', ...phaseSection(report, 'reject', all), '', ...phaseSection(report, 'accept', all), '')
  const count = report.violations.length
  lines.push(count ? `VIOLATIONS: ${count}` : 'Violations: none')
  lines.push(...shown(table(report.violations.map((v) => [PHASE_NAMES[v.phase].toLowerCase(), ...itemRow(v), v.reason])), all, 'violations'))
  lines.push('', `Undeclared: ${report.undeclared.length || 'none'}`)
  for (const item of all ? report.undeclared : report.undeclared.slice(0, SHOWN)) lines.push(`  ${what(item)} ${item.name}${item.domain ? ` (${item.domain})` : ''} ${lifetime(item)}`.trimEnd(), `    add to "vendors": ${item.suggestion}`)
  if (!all && report.undeclared.length > SHOWN) lines.push(`  … and ${report.undeclared.length - SHOWN} more undeclared items (--all lists every one)`)
  lines.push('', `Declared but not seen: ${report.notSeen.length || 'none'}`)
  lines.push(...shown(table(report.notSeen.map((entry) => [entry.vendor, entry.kind, entry.name])), all, 'entries'))
  if (report.notes.length) lines.push('', 'Notes:', ...report.notes.map((note) => `  ${note}`))
  lines.push('', `Result: ${count ? `${count} violation${count === 1 ? '' : 's'}` : 'no violations'}${report.manifest && !report.manifest.valid ? ', invalid manifest' : ''} (exit code ${report.exitCode})`)
  return lines.join('\n')
}
