// The console of the consent records service (docs/reference.md §13): the figures of GET /stats
// for a period, a consent id's history and the exports. The admin token is asked in a form, kept
// in sessionStorage (this tab only) and sent in the Authorization header, never in a URL.
import { Component, h, render } from './preact.mjs'
import { DayChart } from './chart.mjs'
import { Breakdown, Exports, Lookup, PeriodForm, PurposeShares, Summary, TokenForm } from './views.mjs'

const KEY = 'consentry-admin-token'
const DAY = 86_400_000

const storage = {
  get: () => {
    try {
      return sessionStorage.getItem(KEY) ?? ''
    } catch {
      return ''
    }
  },
  set: (token) => {
    try {
      token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY)
    } catch {
      // Storage refused (a private mode): the token lasts as long as the page.
    }
  },
}

const dateOf = (time) => new Date(time).toISOString().slice(0, 10)
/** The day after `day` (YYYY-MM-DD): the period's `to` is excluded, the form's end day is not. */
const nextDay = (day) => dateOf(Date.parse(`${day}T00:00:00Z`) + DAY)

const section = (id, title, ...children) => h('section', { 'aria-labelledby': id, class: 'card' }, h('h2', { id }, title), ...children)

class Console extends Component {
  constructor() {
    super()
    const today = dateOf(Date.now())
    this.state = { token: storage.get(), from: dateOf(Date.now() - 29 * DAY), to: today, stats: null, error: '', loading: false }
    this.state.lookup = { id: '', history: null, error: '' }
    this.state.exported = ''
  }

  componentDidMount() {
    if (this.state.token) this.load(this.state.token, this.state.from, this.state.to)
  }

  /** GET `path` with the token; on 401 the token is forgotten and asked again. */
  async get(path, token = this.state.token) {
    const response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' })
    if (response.status === 401) {
      storage.set('')
      this.setState({ token: '', stats: null, error: 'This token is not accepted: check CONSENTRY_ADMIN_TOKEN.' })
      throw new Error('unauthorized')
    }
    if (!response.ok) throw new Error((await response.text()).trim() || `the collector answered ${response.status}`)
    return response
  }

  async load(token, from, to) {
    this.setState({ loading: true, from, to })
    try {
      const query = new URLSearchParams({ from, to: nextDay(to) })
      const stats = await (await this.get(`stats?${query}`, token)).json()
      storage.set(token)
      this.setState({ token, stats, error: '', loading: false })
    } catch (error) {
      this.setState({ loading: false, ...(error.message !== 'unauthorized' && { error: error.message }) })
    }
  }

  async lookup(id) {
    this.setState({ lookup: { id, history: null, error: '' } })
    try {
      const history = await (await this.get(`receipts/${encodeURIComponent(id)}`)).json()
      this.setState({ lookup: { id, history, error: '' } })
    } catch (error) {
      if (error.message !== 'unauthorized') this.setState({ lookup: { id, history: null, error: error.message } })
    }
  }

  /** Downloads an export through fetch, so that the token travels in a header, not in a link. */
  async export(format) {
    const { from, to } = this.state
    this.setState({ exported: `Preparing the ${format.toUpperCase()} export…` })
    try {
      const query = new URLSearchParams({ from, to: nextDay(to), format })
      const blob = await (await this.get(`receipts?${query}`)).blob()
      const link = document.createElement('a')
      link.href = URL.createObjectURL(blob)
      link.download = `consent-receipts-${from}-to-${to}.${format}`
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
      this.setState({ exported: `Downloaded ${link.download} (${blob.size.toLocaleString('en')} bytes).` })
    } catch (error) {
      this.setState({ exported: error.message === 'unauthorized' ? '' : `The export failed: ${error.message}` })
    }
  }

  signOut() {
    storage.set('')
    this.setState({ token: '', stats: null, error: '', lookup: { id: '', history: null, error: '' } })
  }

  render(_, { token, stats, error, loading, from, to, lookup, exported }) {
    if (!token || !stats)
      return h(
        'main',
        null,
        token && !error ? h('p', { role: 'status' }, 'Loading…') : h(TokenForm, { error, onSubmit: (value) => this.load(value, from, to) }),
      )
    const optional = stats.purposes.filter((purpose) => !purpose.required).map((purpose) => purpose.id)
    return h(
      'main',
      null,
      h(
        'div',
        { class: 'bar' },
        h(PeriodForm, { from, to, onSubmit: (from, to) => this.load(token, from, to) }),
        h('button', { type: 'button', class: 'quiet', onClick: () => this.signOut() }, 'Sign out'),
      ),
      h('p', { class: 'status', role: 'status' }, loading ? 'Loading…' : `${stats.decisions} decisions from ${from} to ${to} (UTC days).`),
      error && h('p', { class: 'error', role: 'alert' }, error),
      section('decisions-title', 'Decisions', h(Summary, { stats }), h(DayChart, { days: stats.days })),
      section(
        'purposes-title',
        'Share of decisions granting each purpose',
        // The purposes a visitor can refuse first; those no receipt refuses (required ones) after.
        h(PurposeShares, { purposes: [...stats.purposes.filter((p) => !p.required), ...stats.purposes.filter((p) => p.required)] }),
      ),
      section(
        'regions-title',
        'By region',
        h(Breakdown, { caption: 'Decisions by region', heading: 'Region', rows: stats.regions, label: (row) => row.region ?? 'No region', purposes: optional }),
      ),
      section(
        'versions-title',
        'By manifest version',
        h(Breakdown, { caption: 'Decisions by manifest version', heading: 'Version', rows: stats.versions, label: (row) => String(row.version), purposes: optional }),
      ),
      section('lookup-title', 'Look up a consent id', h(Lookup, { ...lookup, onSubmit: (id) => this.lookup(id) })),
      section('export-title', 'Export', h(Exports, { onExport: (format) => this.export(format), message: exported })),
    )
  }
}

const root = document.getElementById('console')
root.textContent = ''
render(h(Console, null), root)
