// The parts of the console page, as Preact components without JSX, so that the files are served
// as they are, with nothing to build (docs/reference.md §13).
import { h } from './preact.mjs'
import { KINDS } from './chart.mjs'

/** `part` of `whole` as a percentage with one decimal, or "–" when there is nothing to divide. */
export const percent = (part, whole) => (whole > 0 ? `${(Math.round((part / whole) * 1000) / 10).toFixed(1)} %` : '–')

const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, ...input }))

/** @param {{ error: string, onSubmit(token: string): void }} props */
export const TokenForm = ({ error, onSubmit }) =>
  h(
    'form',
    {
      class: 'card token',
      'aria-labelledby': 'token-title',
      onSubmit: (event) => {
        event.preventDefault()
        onSubmit(event.currentTarget.elements.token.value.trim())
      },
    },
    h('h2', { id: 'token-title' }, 'Sign in'),
    h('p', null, 'Enter the admin token the collector was started with (CONSENTRY_ADMIN_TOKEN). It is kept in this tab only.'),
    field('token', 'Admin token', { type: 'password', required: true, autocomplete: 'off', spellcheck: false }),
    error && h('p', { class: 'error', role: 'alert' }, error),
    h('button', { type: 'submit' }, 'Open the console'),
  )

/** @param {{ from: string, to: string, onSubmit(from: string, to: string): void }} props */
export const PeriodForm = ({ from, to, onSubmit }) =>
  h(
    'form',
    {
      class: 'period',
      'aria-label': 'Period',
      onSubmit: (event) => {
        event.preventDefault()
        const { from, to } = event.currentTarget.elements
        onSubmit(from.value, to.value)
      },
    },
    field('from', 'From', { type: 'date', value: from, required: true }),
    field('to', 'To (included)', { type: 'date', value: to, required: true }),
    h('button', { type: 'submit' }, 'Show'),
  )

/** @param {{ stats: any }} props */
export const Summary = ({ stats }) =>
  h(
    'dl',
    { class: 'summary' },
    h('div', null, h('dt', null, 'Decisions'), h('dd', null, String(stats.decisions))),
    ...KINDS.map(([kind, name]) =>
      h(
        'div',
        { key: kind },
        h('dt', null, h('span', { class: `swatch kind-${kind}`, 'aria-hidden': 'true' }), name),
        h('dd', null, String(stats[kind]), h('span', { class: 'share' }, ` (${percent(stats[kind], stats.decisions)})`)),
      ),
    ),
  )

/** @param {{ purposes: { id: string, decisions: number, granted: number, required: boolean }[] }} props */
export const PurposeShares = ({ purposes }) =>
  purposes.length === 0
    ? h('p', null, 'No decision in this period.')
    : h(
        'ul',
        { class: 'shares' },
        ...purposes.map((purpose) =>
          h(
            'li',
            { key: purpose.id },
            h('span', { class: 'purpose' }, purpose.id, purpose.required && h('span', { class: 'note' }, ' (always granted)')),
            h('span', { class: 'value' }, percent(purpose.granted, purpose.decisions), h('span', { class: 'share' }, ` ${purpose.granted} of ${purpose.decisions}`)),
            h('span', { class: 'track', 'aria-hidden': 'true' }, h('span', { style: { width: `${purpose.decisions ? (purpose.granted / purpose.decisions) * 100 : 0}%` } })),
          ),
        ),
      )

/**
 * Decisions and the share granting each purpose, one row per region or manifest version.
 * @param {{ caption: string, heading: string, rows: any[], label(row: any): string, purposes: string[] }} props
 */
export const Breakdown = ({ caption, heading, rows, label, purposes }) =>
  rows.length === 0
    ? h('p', null, 'No decision in this period.')
    : h(
        'div',
        { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': caption },
        h(
          'table',
          null,
          h('caption', { class: 'visually-hidden' }, caption),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, heading),
              h('th', { scope: 'col' }, 'Decisions'),
              ...KINDS.map(([kind, name]) => h('th', { scope: 'col', key: kind }, name)),
              ...purposes.map((id) => h('th', { scope: 'col', key: id }, `${id} granted`)),
            ),
          ),
          h(
            'tbody',
            null,
            ...rows.map((row) =>
              h(
                'tr',
                { key: label(row) },
                h('th', { scope: 'row' }, label(row)),
                h('td', null, String(row.decisions)),
                ...KINDS.map(([kind]) => h('td', { key: kind }, `${row[kind]} (${percent(row[kind], row.decisions)})`)),
                ...purposes.map((id) => h('td', { key: id }, row.purposes[id] ? percent(row.purposes[id].granted, row.purposes[id].decisions) : '–')),
              ),
            ),
          ),
        ),
      )

const ids = (choices, granted) =>
  Object.entries(choices)
    .filter(([, value]) => value === granted)
    .map(([id]) => id)
    .join(', ') || '–'

/** @param {{ onSubmit(id: string): void, id: string, history: any[] | null, error: string }} props */
export const Lookup = ({ onSubmit, id, history, error }) =>
  h(
    'div',
    null,
    h(
      'form',
      {
        class: 'lookup',
        'aria-label': 'Look up a consent id',
        onSubmit: (event) => {
          event.preventDefault()
          onSubmit(event.currentTarget.elements['consent-id'].value.trim())
        },
      },
      field('consent-id', 'Consent id', { type: 'text', required: true, autocomplete: 'off', spellcheck: false, pattern: '[A-Za-z0-9_\\-]{1,64}' }),
      h('button', { type: 'submit' }, 'Look up'),
    ),
    error && h('p', { class: 'error', role: 'alert' }, error),
    history &&
      h(
        'div',
        { role: 'status' },
        history.length === 0
          ? h('p', null, `No receipt has the consent id ${id}.`)
          : h(
              'div',
              { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': `History of ${id}` },
              h(
                'table',
                null,
                h('caption', null, `${id}: ${history.length} decision${history.length === 1 ? '' : 's'}, oldest first`),
                h(
                  'thead',
                  null,
                  h('tr', null, ...['Decided', 'Source', 'Version', 'Region', 'Granted', 'Refused', 'Received'].map((name) => h('th', { scope: 'col', key: name }, name))),
                ),
                h(
                  'tbody',
                  null,
                  ...history.map((receipt, index) =>
                    h(
                      'tr',
                      { key: index },
                      h('td', null, receipt.timestamp),
                      h('td', null, receipt.source),
                      h('td', null, String(receipt.version)),
                      h('td', null, receipt.region ?? '–'),
                      h('td', null, ids(receipt.purposes, true)),
                      h('td', null, ids(receipt.purposes, false)),
                      h('td', null, receipt.receivedAt ?? '–'),
                    ),
                  ),
                ),
              ),
            ),
      ),
  )

/** @param {{ onExport(format: 'csv' | 'ndjson'): void, message: string }} props */
export const Exports = ({ onExport, message }) =>
  h(
    'div',
    { class: 'exports' },
    h('p', null, 'The receipts of the period, one per line, for your records or a spreadsheet.'),
    h('button', { type: 'button', onClick: () => onExport('csv') }, 'Download CSV'),
    h('button', { type: 'button', onClick: () => onExport('ndjson') }, 'Download NDJSON'),
    h('p', { class: 'status', role: 'status' }, message),
  )
