import { afterEach, expect, test, vi } from 'vitest'
import { createSSRApp, defineComponent, h, nextTick } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createConsent, type Consent } from '../src/index'
import { Consented, InitialConsent, useGranted } from '../src/bindings/vue'
import { readConsent } from '../src/server/index'
import { clearCookies, manifest } from './helpers'

// consentry/vue hydrating server HTML (docs/reference.md §11): the server's instance reads no
// cookie, the browser's does; the page hydrates without a mismatch, then shows the decision.

afterEach(() => {
  clearCookies()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

const App = (consent: Consent, initial: unknown = null) => {
  const Status = defineComponent({
    setup() {
      const analytics = useGranted(consent, 'analytics')
      return () => h('p', { id: 'status' }, analytics.value ? 'analytics on' : 'analytics off')
    },
  })
  return defineComponent({
    setup: () => () =>
      h(InitialConsent, { value: initial as never }, () => [
        h(Status),
        h(Consented, { consent, id: 'chatco' }, { default: () => h('p', 'chat on'), fallback: () => h('p', 'chat off') }),
      ]),
  })
}

/** What a returning visitor who accepted gets: server HTML from an instance without their cookie, hydrated by one with it. */
const hydrate = async (initial: (cookie: string) => unknown) => {
  const server = createConsent(manifest())
  const decided = createConsent(manifest())
  decided.acceptAll()
  const cookie = document.cookie
  const html = await renderToString(createSSRApp(App(server, initial(cookie))))
  const browser = createConsent(manifest())
  expect(browser.isGranted('analytics')).toBe(true)
  const warn = vi.spyOn(console, 'warn')
  const error = vi.spyOn(console, 'error')
  const root = document.body.appendChild(document.createElement('div'))
  root.innerHTML = html
  createSSRApp(App(browser, initial(cookie))).mount(root)
  const hydrated = root.textContent
  await nextTick()
  await nextTick()
  return { html, hydrated, shown: root.textContent, warnings: [...warn.mock.calls, ...error.mock.calls].map((call) => call.join(' ')) }
}

test('a returning visitor who accepted: no hydration mismatch, then their decision', async () => {
  const { html, hydrated, shown, warnings } = await hydrate(() => null)
  expect(html).toContain('analytics off')
  expect(hydrated).toBe('analytics offchat off')
  expect(shown).toBe('analytics onchat on')
  expect(warnings.filter((w) => /hydration|mismatch/i.test(w))).toEqual([])
})

test('with the request read by readConsent and handed to <InitialConsent>, the server HTML is already right', async () => {
  const { html, hydrated, shown, warnings } = await hydrate((cookie) => readConsent(cookie, manifest()))
  expect(html).toContain('analytics on')
  expect([hydrated, shown]).toEqual(['analytics onchat on', 'analytics onchat on'])
  expect(warnings.filter((w) => /hydration|mismatch/i.test(w))).toEqual([])
})
