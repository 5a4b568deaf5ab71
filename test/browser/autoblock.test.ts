import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './chromium'
import { serve, type Served } from './server'
import { fakeVendors } from './vendors'

// dist/consentry-autoblock.js with the vendors' snippets pasted as they publish them, unmarked
// (docs/reference.md §9); every vendor host is answered by a fake and logged.

let browser: Browser
let site: Served
/** What happened, in order: the manifest answered, and each vendor request. */
let timeline: string[] = []

const PURPOSES = [
  { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
  { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  { id: 'livechat', title: 'Live chat', description: 'Talk to us.' },
  { id: 'marketing', title: 'Marketing', description: 'Ads and videos.' },
]

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'The Chat Center',
  purposes: PURPOSES,
  vendors: [
    { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-ABC123' } },
    { id: 'meta', preset: 'meta-pixel', purposes: ['marketing'], options: { pixelId: '123456789012345' } },
    { id: 'youtube', preset: 'youtube', purposes: ['marketing'] },
    // Vendors without a preset, known by the hosts the manifest gives them.
    { id: 'chat', name: 'tawk.to', purposes: ['livechat'], hosts: ['embed.tawk.to'] },
    { id: 'linkedin', name: 'LinkedIn', purposes: ['marketing'], hosts: ['snap.licdn.com'] },
    { id: 'adco', name: 'AdCo', purposes: ['marketing'], hosts: ['*.adco.example'] },
  ],
}

const TAWK = 'https://embed.tawk.to/5e8f1b2c3d4e5f6a7b8c9d0e/1hip0aq93'
const GTAG = 'https://www.googletagmanager.com/gtag/js?id=G-ABC123'
const PIXEL = 'https://www.facebook.com/tr?id=123456789012345&ev=PageView&noscript=1'
const LINKEDIN = 'https://snap.licdn.com/li.lms-analytics/insight.min.js'
const ADCO = 'https://cdn.adco.example/ad.js'
const ZENDESK = 'https://static.zdassets.com/ekr/snippet.js?key=01234567-89ab-cdef-0123-456789abcdef'

/** Records, in the page, the order in which released vendor scripts are inserted. */
const RECORDER = `<script>window.released = [];
new MutationObserver(function (records) { records.forEach(function (record) { record.addedNodes.forEach(function (node) {
  if (node.localName === 'script' && node.hasAttribute('data-consent-active')) window.released.push(node.src) }) }) })
  .observe(document.documentElement, { childList: true, subtree: true })</script>`

const SNIPPETS = `<!-- Google tag (gtag.js) -->
<script async src="${GTAG}"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-ABC123');
</script>
</head><body>
<!--Start of Tawk.to Script-->
<script type="text/javascript">
var Tawk_API=Tawk_API||{}, Tawk_LoadStart=new Date();
(function(){
var s1=document.createElement("script"),s0=document.getElementsByTagName("script")[0];
s1.async=true;
s1.src='${TAWK}';
s1.charset='UTF-8';
s1.setAttribute('crossorigin','*');
s0.parentNode.insertBefore(s1,s0);
})();
</script>
<!--End of Tawk.to Script-->
<script type="text/javascript">
_linkedin_partner_id = "1234567";
window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];
window._linkedin_data_partner_ids.push(_linkedin_partner_id);
</script><script type="text/javascript">
(function(l) {
if (!l){window.lintrk = function(a,b){window.lintrk.q.push([a,b])};
window.lintrk.q=[]}
var s = document.getElementsByTagName("script")[0];
var b = document.createElement("script");
b.type = "text/javascript";b.async = true;
b.src = "${LINKEDIN}";
s.parentNode.insertBefore(b, s);})(window.lintrk);
</script>
<noscript>
<img height="1" width="1" style="display:none;" alt="" src="https://px.ads.linkedin.com/collect/?pid=1234567&fmt=gif" />
</noscript>
<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" title="YouTube video player" frameborder="0" allowfullscreen></iframe>
<div id="ad"></div>
<script>document.getElementById('ad').innerHTML = '<img src="${PIXEL}" alt="">'</script>
<!-- A tag created once the manifest is read, of a host only the manifest names -->
<script>document.addEventListener('consentry:ready', function () {
  var s = document.createElement('script'); s.src = '${ADCO}'; document.body.appendChild(s) })</script>
<!-- Start of Zendesk Widget script, which this manifest does not use -->
<script>(function (d) { var s = d.createElement('script'); s.id = 'ze-snippet'; s.src = '${ZENDESK}'; d.body.appendChild(s) })(document)</script>
</body></html>`

const PAGE = `<!doctype html><html lang="en"><head>${RECORDER}
<script src="/dist/consentry-autoblock.js" data-manifest="/consent.json"></script>
${SNIPPETS}`

const REPORT_MANIFEST = { ...MANIFEST, vendors: [MANIFEST.vendors[0]] }
const REPORT_PAGE = `<!doctype html><html lang="en"><head>
<script src="/dist/consentry-autoblock.js" data-autoblock="report"></script>
<script type="application/json" id="consentry-manifest">${JSON.stringify(REPORT_MANIFEST)}</script>
<script async src="${GTAG}"></script>
<script src="https://cdn.undeclared.example/lib.js"></script>
<script src="/local.js"></script>
</head><body>
<script type="text/plain" data-consent="ga4" data-src="https://www.googletagmanager.com/gtm.js?id=GTM-1"></script>
<iframe src="https://maps.undeclared.example/embed?q=x" title="Map"></iframe>
<div id="ad"></div>
<script>document.getElementById('ad').innerHTML = '<img src="https://pixel.undeclared.example/p.gif" alt="">'</script>
<script>(function (d) { var s = d.createElement('script'); s.src = 'https://widget.other.example/w.js'; d.body.appendChild(s) })(document)</script>
</body></html>`

beforeAll(async () => {
  site = await serve({ '/dist/': 'dist' }, async (request, response) => {
    const html = { '/': PAGE, '/report': REPORT_PAGE }[request.url ?? '']
    if (html) return void response.writeHead(200, { 'content-type': 'text/html' }).end(html), true
    if (request.url === '/local.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(''), true
    if (request.url !== '/consent.json') return false
    // Late on purpose: what is held until the manifest is read can be seen waiting.
    await new Promise((done) => setTimeout(done, 300))
    timeline.push('manifest')
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST))
    return true
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const ready = (page: Page) =>
  page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')

/** A fresh visitor whose vendor requests are logged, in `timeline` too. */
const visitor = async (): Promise<{ context: BrowserContext; page: Page; requested: string[] }> => {
  timeline = []
  const context = await browser.newContext()
  const requested = await fakeVendors(context, site.url)
  const push = requested.push.bind(requested)
  requested.push = (...urls: string[]) => (timeline.push(...urls), push(...urls))
  const page = await context.newPage()
  return { context, page, requested }
}

const ran = (page: Page) =>
  page.evaluate(() => ({
    google: (window as any).googleRan ?? 0,
    tawk: Boolean((window as any).tawkCalls),
    zendesk: typeof (window as any).zE === 'function',
  }))

const embeds = (page: Page) =>
  page.evaluate(() => ({
    video: document.querySelector('iframe')!.getAttribute('src'),
    pixel: document.querySelector('#ad img')!.getAttribute('src'),
  }))

test('runs no vendor tag before consent, and sends nothing for tags created by scripts', async () => {
  const { context, page, requested } = await visitor()
  await page.goto(site.url)
  await ready(page)
  await page.waitForLoadState('networkidle')
  expect(await ran(page)).toEqual({ google: 0, tawk: false, zendesk: true })
  expect(await embeds(page)).toEqual({ video: 'about:blank', pixel: null })
  // The preload scanner may fetch what the HTML itself writes (gtag.js, the iframe); what
  // scripts create is never requested.
  expect(requested.filter((url) => [TAWK, PIXEL, LINKEDIN, ADCO].includes(url))).toEqual([])
  // A preset host the manifest does not use waits for the manifest, then loads unchanged.
  expect(timeline.indexOf(ZENDESK)).toBeGreaterThan(timeline.indexOf('manifest'))
  expect(timeline.indexOf('manifest')).toBeGreaterThanOrEqual(0)
  await context.close()
})

test('releases every held tag on Accept all, in document order, each vendor script once', async () => {
  const { context, page, requested } = await visitor()
  await page.goto(site.url)
  await ready(page)
  await page.waitForLoadState('networkidle')
  // What the preload scanner fetched from the HTML before consent is not counted.
  const before = requested.length
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction(() => (window as any).tawkCalls && (window as any).googleRan)
  await page.waitForLoadState('networkidle')
  // gtag.js is both the page's tag and the ga4 preset's: it runs once.
  expect(await ran(page)).toEqual({ google: 1, tawk: true, zendesk: true })
  expect(await embeds(page)).toEqual({ video: 'https://www.youtube-nocookie.com/embed/abc123', pixel: PIXEL })
  // In document order: each snippet put its script before the first script of the page, so
  // LinkedIn's (created last) comes first. The gtag tag is not among them: the preset ran it.
  expect(await page.evaluate(() => (window as any).released)).toEqual([LINKEDIN, TAWK, ADCO])
  expect(requested.filter((url) => [TAWK, PIXEL, LINKEDIN, ADCO].includes(url)).sort()).toEqual(
    [TAWK, PIXEL, LINKEDIN, ADCO].sort(),
  )
  expect(requested.slice(before).filter((url) => url === GTAG)).toHaveLength(1)
  expect(requested.filter((url) => url.includes('youtube-nocookie'))).toHaveLength(1)
  await context.close()
})

test('runs nothing after Reject all, nor after a revocation and a reload', async () => {
  const { context, page, requested } = await visitor()
  await page.goto(site.url)
  await ready(page)
  await page.evaluate(() => (window as any).consent.rejectAll())
  await page.waitForLoadState('networkidle')
  expect(await ran(page)).toEqual({ google: 0, tawk: false, zendesk: true })

  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction(() => (window as any).tawkCalls && (window as any).googleRan)
  await page.evaluate(() => (window as any).consent.rejectAll())
  requested.length = 0
  await page.reload()
  await ready(page)
  await page.waitForLoadState('networkidle')
  expect(await ran(page)).toEqual({ google: 0, tawk: false, zendesk: true })
  expect(await embeds(page)).toEqual({ video: 'about:blank', pixel: null })
  expect(requested.filter((url) => [TAWK, PIXEL, LINKEDIN, ADCO].includes(url))).toEqual([])
  await context.close()
})

test('reports exactly the undeclared third parties and holds nothing with data-autoblock="report"', async () => {
  const { context, page, requested } = await visitor()
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.text().startsWith('[consentry]')) warnings.push(`${message.type()}: ${message.text()}`)
  })
  await page.goto(new URL('/report', site.url).href)
  await ready(page)
  await page.waitForLoadState('networkidle')
  expect(await page.evaluate(() => (window as any).googleRan)).toBe(1)
  expect(requested).toContain('https://widget.other.example/w.js')
  const line = (tag: string, url: string) =>
    `warning: [consentry] a ${tag} of ${new URL(url).hostname}, which no vendor of the manifest declares, ran before consent: ${url}`
  expect(warnings.sort()).toEqual(
    [
      line('script', 'https://cdn.undeclared.example/lib.js'),
      line('iframe', 'https://maps.undeclared.example/embed?q=x'),
      line('img', 'https://pixel.undeclared.example/p.gif'),
      line('script', 'https://widget.other.example/w.js'),
    ].sort(),
  )
  await context.close()
})
