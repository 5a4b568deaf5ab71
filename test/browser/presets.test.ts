import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { fakeVendors } from './vendors'
import { browser, site, useSite } from './harness'

const NONCE = 'n0nce-presets'

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'The Chat Center',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    { id: 'livechat', title: 'Live chat', description: 'Talk to us.' },
    { id: 'marketing', title: 'Marketing', description: 'Ads and videos.' },
  ],
  vendors: [
    { id: 'zendesk', preset: 'zendesk-messaging', purposes: ['livechat'], options: { key: '01234567-89ab-cdef-0123-456789abcdef' } },
    { id: 'zopim', preset: 'zendesk-chat', purposes: ['livechat'], options: { key: '3lzCXt8e7c7sLy5Ms0TOKhsQIhlKwXdv' } },
    { id: 'tawkto', preset: 'tawkto', purposes: ['livechat'], options: { propertyId: '5e8f1b2c3d4e5f6a7b8c9d0e', widgetId: '1hip0aq93' } },
    { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-ABC123' } },
    { id: 'gtm', preset: 'gtm', purposes: ['analytics'], options: { containerId: 'GTM-ABC123' } },
    { id: 'meta', preset: 'meta-pixel', purposes: ['marketing'], options: { pixelId: '123456789012345' } },
    { id: 'hotjar', preset: 'hotjar', purposes: ['analytics'], options: { siteId: '1234567' } },
    { id: 'youtube', preset: 'youtube', purposes: ['marketing'] },
  ],
}

/** What each vendor's page request should be after consent: exactly one of each. */
const EXPECTED = [
  'https://static.zdassets.com/ekr/snippet.js?key=01234567-89ab-cdef-0123-456789abcdef',
  'https://v2.zopim.com/?3lzCXt8e7c7sLy5Ms0TOKhsQIhlKwXdv',
  'https://embed.tawk.to/5e8f1b2c3d4e5f6a7b8c9d0e/1hip0aq93',
  'https://www.googletagmanager.com/gtag/js?id=G-ABC123',
  'https://www.googletagmanager.com/gtm.js?id=GTM-ABC123',
  'https://connect.facebook.net/en_US/fbevents.js',
  'https://static.hotjar.com/c/hotjar-1234567.js?sv=6',
  'https://www.youtube-nocookie.com/embed/abc123?rel=0',
]

const PAGE = `<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js" nonce="${NONCE}"></script>
<script type="application/json" id="consentry-manifest" nonce="${NONCE}">${JSON.stringify(MANIFEST)}</script>
</head><body>
<iframe data-consent="youtube" data-src="https://www.youtube.com/embed/abc123?rel=0" title="Video"></iframe>
</body></html>`

/** The ten presets of the second round, on a page of their own. */
const SECOND = {
  ...MANIFEST,
  vendors: [
    { id: 'clarity', preset: 'clarity', purposes: ['analytics'], options: { projectId: 'k2x9abcd7q' } },
    { id: 'bing', preset: 'microsoft-uet', purposes: ['marketing'], options: { tagId: '187654321' } },
    { id: 'linkedin', preset: 'linkedin-insight', purposes: ['marketing'], options: { partnerId: 1234567 } },
    { id: 'tiktok', preset: 'tiktok-pixel', purposes: ['marketing'], options: { pixelId: 'C4ABCDEF1234567890GH' } },
    { id: 'matomo', preset: 'matomo', purposes: ['analytics'], options: { url: 'https://stats.example.org/', siteId: 3 } },
    { id: 'intercom', preset: 'intercom', purposes: ['livechat'], options: { appId: 'abc12def' } },
    { id: 'crisp', preset: 'crisp', purposes: ['livechat'], options: { websiteId: '7a70678f-84e0-4a02-84ce-d12b72194c26' } },
    { id: 'hubspot', preset: 'hubspot', purposes: ['marketing'], options: { portalId: '4567890' } },
    { id: 'vimeo', preset: 'vimeo', purposes: ['marketing'] },
    { id: 'maps', preset: 'google-maps', purposes: ['marketing'] },
  ],
}

const SECOND_EXPECTED = [
  'https://www.clarity.ms/tag/k2x9abcd7q',
  'https://bat.bing.com/bat.js',
  'https://snap.licdn.com/li.lms-analytics/insight.min.js',
  'https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=C4ABCDEF1234567890GH&lib=ttq',
  'https://stats.example.org/matomo.js',
  'https://widget.intercom.io/widget/abc12def',
  'https://client.crisp.chat/l.js',
  'https://js.hs-scripts.com/4567890.js',
  'https://player.vimeo.com/video/76979871?dnt=1',
  'https://www.google.com/maps/embed?pb=!1m2!2d-0.12!3d51.5',
]

const SECOND_PAGE = `<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js" nonce="${NONCE}"></script>
<script type="application/json" id="consentry-manifest" nonce="${NONCE}">${JSON.stringify(SECOND)}</script>
</head><body>
<iframe data-consent="vimeo" data-src="https://player.vimeo.com/video/76979871" title="Video"></iframe>
<iframe data-consent="maps" data-src="https://www.google.com/maps/embed?pb=!1m2!2d-0.12!3d51.5" title="Map"></iframe>
</body></html>`

useSite((request, response) => {
  if (request.url === '/second')
    return void response
      .writeHead(200, { 'content-type': 'text/html', 'content-security-policy': `script-src 'nonce-${NONCE}'` })
      .end(SECOND_PAGE), true
  if (request.url !== '/') return false
  // A strict CSP: only scripts carrying the loader's nonce run, so the vendors' must get it too.
  response
    .writeHead(200, { 'content-type': 'text/html', 'content-security-policy': `script-src 'nonce-${NONCE}'` })
    .end(PAGE)
  return true
})

/** A page whose every request off the test site is answered by a fake and logged. */
const vendorPage = async (): Promise<{ page: Page; requested: string[] }> => {
  const page = await browser.newPage()
  return { page, requested: await fakeVendors(page, site.url) }
}

const ready = (page: Page) =>
  page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')

test('reaches no vendor before consent, and each vendor exactly once after acceptAll', async () => {
  const { page, requested } = await vendorPage()
  await page.goto(site.url)
  await ready(page)
  await page.waitForLoadState('networkidle')
  expect(requested).toEqual([])
  expect(await page.evaluate(() => ['zE', '$zopim', 'Tawk_API', 'gtag', 'fbq', 'hj'].filter((name) => name in window))).toEqual([])

  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction(() => (window as any).hotjarRan && (window as any).googleRan === 2 && (window as any).fbqCalls)
  await expect.poll(() => requested.length).toBeGreaterThanOrEqual(EXPECTED.length)
  expect([...requested].sort()).toEqual([...EXPECTED].sort())

  // The vendors' scripts ran under the CSP, and heard what the presets set up for them.
  expect(await page.evaluate(() => (window as any).zECalls)).toEqual([['messenger:set', 'cookies', 'functional']])
  expect(await page.evaluate(() => (window as any).zopimCalls)).toEqual(['comply', 'setDefaultImplicitConsent'])
  expect(await page.evaluate(() => (window as any).hotjarRan)).toBe(1234567)
  expect(await page.evaluate(() => (window as any).fbqCalls)).toEqual([
    ['consent', 'revoke'],
    ['init', '123456789012345'],
    ['track', 'PageView'],
    ['consent', 'grant'],
  ])

  // Granting again appends nothing (scripts are created synchronously by the decision).
  const scripts = () =>
    page.evaluate(() => Array.from(document.scripts, (script) => script.src).filter((src) => src.startsWith('https:')))
  const before = await scripts()
  await page.evaluate(() => (window as any).consent.acceptAll())
  expect(await scripts()).toEqual(before)
  expect(before).toHaveLength(EXPECTED.length - 1)
  expect(requested).toHaveLength(EXPECTED.length)
  await page.close()
})

test('shuts the chats and the pixel down on revocation without loading anything again', async () => {
  const { page, requested } = await vendorPage()
  await page.goto(site.url)
  await ready(page)
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction(
    () => (window as any).tawkCalls && (window as any).zopimCalls && (window as any).fbqCalls && (window as any).zECalls,
  )
  await page.evaluate(() => (window as any).consent.rejectAll())
  expect(
    await page.evaluate(() => ({
      zendesk: (window as any).zECalls.slice(1),
      zopim: (window as any).zopimCalls.slice(2),
      tawk: (window as any).tawkCalls,
      meta: (window as any).fbqCalls.slice(4),
      video: document.querySelector('iframe')!.getAttribute('src'),
    })),
  ).toEqual({
    zendesk: [
      ['messenger', 'hide'],
      ['messenger:set', 'cookies', 'none'],
    ],
    zopim: ['hideAll', 'clearAll'],
    tawk: ['hideWidget', 'shutdown'],
    meta: [['consent', 'revoke']],
    video: 'about:blank',
  })
  expect(requested).toHaveLength(EXPECTED.length)
  await page.close()
})

test('reaches none of the second-round vendors before consent, and each exactly once after acceptAll', async () => {
  const { page, requested } = await vendorPage()
  await page.goto(new URL('/second', site.url).href)
  await ready(page)
  await page.waitForLoadState('networkidle')
  expect(requested).toEqual([])
  const globals = ['clarity', 'uetq', 'lintrk', 'ttq', '_paq', 'Intercom', '$crisp', '_hsq']
  expect(await page.evaluate((names) => names.filter((name) => name in window), globals)).toEqual([])
  expect(await page.$$eval('iframe', (frames) => frames.map((frame) => frame.getAttribute('src')))).toEqual([null, null])

  await page.evaluate(() => (window as any).consent.acceptAll())
  await expect.poll(() => requested.length).toBeGreaterThanOrEqual(SECOND_EXPECTED.length)
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => (window as any).consent.acceptAll())
  expect([...requested].sort()).toEqual([...SECOND_EXPECTED].sort())
  await page.close()
})
