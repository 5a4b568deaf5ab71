import { expect, test } from 'vitest'
import { browser, site, useSite } from './harness'

// Cookies with a Domain need a real domain: the harness's Chromium resolves every *.consentry.test
// name to this machine.

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  reloadOnRevoke: false,
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
  vendors: [
    {
      id: 'stats',
      name: 'Stats Inc',
      purposes: ['analytics'],
      cookies: [{ name: '_st', days: 365 }, { name: '/^_st_s_/', days: 1 }],
      storage: ['st_cache', '/^st_tmp_/'],
    },
  ],
}

const PAGE = `<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js"></script>
<script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
</head><body><h1>Cart</h1></body></html>`

useSite((request, response) => {
  if (!request.url!.startsWith('/shop/')) return false
  response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
  return true
})

test('revocation deletes the vendor’s cookies on every domain and path they can live on, and its storage', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const port = new URL(site.url).port
  await page.goto(`http://www.consentry.test:${port}/shop/cart/`)
  await page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.evaluate(() => {
    // What a vendor script may have set, from this page
    document.cookie = '_st=1; path=/'
    document.cookie = '_st=2; path=/shop; domain=consentry.test'
    document.cookie = '_st_s_1=3; path=/shop/cart; domain=www.consentry.test'
    document.cookie = '_st_s_2=4; path=/'
    document.cookie = 'site_pref=keep; path=/'
    localStorage.setItem('st_cache', 'x')
    localStorage.setItem('st_tmp_1', 'x')
    sessionStorage.setItem('st_tmp_2', 'x')
    localStorage.setItem('site', 'keep')
  })
  const names = async () =>
    (await context.cookies()).map((cookie) => `${cookie.name}@${cookie.domain}${cookie.path}`).sort()
  expect(await names()).toHaveLength(6)
  // The clean-up finishes once its chunk is in.
  await page.evaluate(() => {
    const consent = (window as any).consent
    consent.set({ analytics: false })
    return consent.cleanedUp()
  })
  // The page's cookie writes reach the browser's cookie store asynchronously: polled, not read once.
  await expect.poll(names).toEqual([
    expect.stringMatching(/^consentry@www\.consentry\.test\/$/),
    'site_pref@www.consentry.test/',
  ])
  expect(
    await page.evaluate(() => [
      localStorage.getItem('st_cache'),
      localStorage.getItem('st_tmp_1'),
      sessionStorage.getItem('st_tmp_2'),
      localStorage.getItem('site'),
    ]),
  ).toEqual([null, null, null, 'keep'])
  await context.close()
})
