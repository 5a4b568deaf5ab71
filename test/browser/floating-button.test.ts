import { expect, test } from 'vitest'
import { readFile } from 'node:fs/promises'
import { browser, site, useSite } from './harness'

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  ui: { floatingButton: true },
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
}

// No `<meta charset>` and no charset on any response: the browser falls back to windows-1252.
const page = (lang: string) => `<!doctype html><html lang="${lang}"><head>
<script src="/dist/consentry.js"></script>
<script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
</head><body><main><h1>Shop</h1></main></body></html>`

useSite(async (request, response) => {
  const url = new URL(request.url!, 'http://x')
  if (url.pathname.startsWith('/dist/')) {
    // The loader's files without a charset, as many static servers send them.
    const body = await readFile(url.pathname.slice(1)).catch(() => null)
    if (!body) return false
    response.writeHead(200, { 'content-type': url.pathname.endsWith('.json') ? 'application/json' : 'text/javascript' }).end(body)
  } else response.writeHead(200, { 'content-type': 'text/html' }).end(page(url.searchParams.get('lang') ?? 'en'))
  return true
})

test('the floating button stays out of the way until the visitor decides, then reopens the preferences', async () => {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await tab.goto(site.url + '/?lang=en')
  const banner = tab.getByRole('region', { name: 'Your privacy choices' })
  await expect.poll(() => banner.isVisible()).toBe(true)
  const reopen = tab.getByRole('button', { name: 'Cookie settings' })
  expect(await reopen.isVisible()).toBe(false)
  // The UI's own text is intact on a page that declares no charset.
  expect(await banner.textContent()).toContain('“Cookie settings”')

  await tab.getByRole('button', { name: 'Reject all' }).click()
  await expect.poll(() => reopen.isVisible()).toBe(true)
  await reopen.click()
  const dialog = tab.getByRole('dialog', { name: 'Cookie settings' })
  await expect.poll(() => dialog.isVisible()).toBe(true)
  expect(await reopen.isVisible()).toBe(false)
  expect(await dialog.getByRole('button', { name: 'Close' }).textContent()).toBe('×')
  await tab.keyboard.press('Escape')
  await expect.poll(() => reopen.isVisible()).toBe(true)
  await context.close()
})

test('a returning visitor gets the floating button in the page’s language without the UI chunk, once the page has loaded', async () => {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await tab.goto(site.url + '/?lang=ro')
  await tab.getByRole('button', { name: 'Respingeți toate' }).click()
  const requests: string[] = []
  tab.on('request', (request) => requests.push(new URL(request.url()).pathname))
  await tab.reload()
  const reopen = tab.getByRole('button', { name: 'Setări cookie-uri' })
  await expect.poll(() => reopen.isVisible()).toBe(true)
  // Its chunk and the locale file its label comes from, never the UI.
  expect([...requests].sort()).toEqual(['/', '/dist/consentry-button.js', '/dist/consentry.js', '/dist/locales/ro.json'])
  expect(await tab.evaluate(() => performance.getEntriesByName(new URL('/dist/consentry-button.js', location.href).href)[0]!.startTime))
    .toBeGreaterThanOrEqual(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart))
  await context.close()
})
