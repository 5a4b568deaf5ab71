import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { fakeVendors } from './vendors'
import { browser, onBuild, site, useSite } from './harness'

// dist/consentry-autoblock.js with the vendors' snippets pasted as they publish them, unmarked
// (docs/reference.md §9); every vendor host is answered by a fake and logged.

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

/**
 * A second page: the snippets of Google Tag Manager (head and noscript parts), the Meta Pixel base
 * code (with its noscript image), Hotjar's tracking code and the Zendesk Web Widget, in the forms
 * their vendors publish (docs/sources.md, Published snippets), with placeholder ids.
 */
const GTM = 'https://www.googletagmanager.com/gtm.js?id=GTM-K7XQ2P'
const GTM_FRAME = 'https://www.googletagmanager.com/ns.html?id=GTM-K7XQ2P'
const FBEVENTS = 'https://connect.facebook.net/en_US/fbevents.js'
const FB_IMAGE = 'https://www.facebook.com/tr?id=123456789012345&ev=PageView&noscript=1'
const HOTJAR = 'https://static.hotjar.com/c/hotjar-1234567.js?sv=6'
const ZE_KEY = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'
const ZE_SNIPPET = `https://static.zdassets.com/ekr/snippet.js?key=${ZE_KEY}`

const publishedPage = (manifest: string) => `<!doctype html><html lang="en"><head>${RECORDER}
<script src="/dist/consentry-autoblock.js" data-manifest="${manifest}" data-google-consent-mode></script>
<!-- Google Tag Manager -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-K7XQ2P');</script>
<!-- End Google Tag Manager -->
<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '123456789012345');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none"
src="https://www.facebook.com/tr?id=123456789012345&ev=PageView&noscript=1"
/></noscript>
<!-- End Meta Pixel Code -->
<!-- Hotjar Tracking Code for https://shop.example -->
<script>
    (function(h,o,t,j,a,r){
        h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
        h._hjSettings={hjid:1234567,hjsv:6};
        a=o.getElementsByTagName('head')[0];
        r=o.createElement('script');r.async=1;
        r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;
        a.appendChild(r);
    })(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');
</script>
</head>
<body>
<!-- Google Tag Manager (noscript) -->
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-K7XQ2P"
height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<!-- End Google Tag Manager (noscript) -->
<h1>Shop</h1>
<!-- Start of Zendesk Widget script -->
<script id="ze-snippet" src="https://static.zdassets.com/ekr/snippet.js?key=${ZE_KEY}"> </script>
<!-- End of Zendesk Widget script -->
</body></html>`

/**
 * The same page with each vendor claimed by its preset (whose own loader fetches the same script
 * as the snippet: the two count as one), or by a vendor that names only its hosts (the snippets'
 * own tags are released, in document order). The ids are written as the snippets write them:
 * Hotjar's `hjid` and the pixel id as numbers.
 */
const PUBLISHED_MANIFESTS: Record<string, object> = {
  '/published/presets.json': {
    ...MANIFEST,
    vendors: [
      { id: 'gtm', preset: 'gtm', purposes: ['analytics'], options: { containerId: 'GTM-K7XQ2P' } },
      { id: 'meta', preset: 'meta-pixel', purposes: ['marketing'], options: { pixelId: 123456789012345 } },
      { id: 'hotjar', preset: 'hotjar', purposes: ['analytics'], options: { siteId: 1234567 } },
      { id: 'zendesk', preset: 'zendesk-messaging', purposes: ['livechat'], options: { key: ZE_KEY } },
    ],
  },
  '/published/hosts.json': {
    ...MANIFEST,
    vendors: [
      { id: 'gtm', name: 'Google Tag Manager', purposes: ['analytics'], hosts: ['www.googletagmanager.com'] },
      { id: 'meta', name: 'Meta', purposes: ['marketing'], hosts: ['connect.facebook.net', 'www.facebook.com'] },
      { id: 'hotjar', name: 'Hotjar', purposes: ['analytics'], hosts: ['*.hotjar.com'] },
      { id: 'zendesk', name: 'Zendesk', purposes: ['livechat'], hosts: ['static.zdassets.com'] },
    ],
  },
}
const PUBLISHED_PAGES = {
  '/published/presets': publishedPage('/published/presets.json'),
  '/published/hosts': publishedPage('/published/hosts.json'),
}

/**
 * Under a strict CSP with a nonce on consentry's tag: a vendor script the page's own nonce'd code
 * creates would run under 'strict-dynamic', so it runs once granted; one written in the HTML runs
 * if it carries the nonce; one injected as markup without it stays inert (docs/reference.md §9).
 */
const NONCE = 'ab-n0nce'
const CSP = `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`
// A host of a built-in preset, held from the start (a host only the manifest names is held once it is read).
const CREATED = 'https://snap.licdn.com/created.js'
const WRITTEN = 'https://snap.licdn.com/written.js'
const INJECTED = 'https://snap.licdn.com/injected.js'
const CSP_PAGE = `<!doctype html><html lang="en"><head>
<script nonce="${NONCE}">window.violations = []
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI))</script>
<script src="/dist/consentry-autoblock.js" data-manifest="/csp.json" nonce="${NONCE}"></script>
<script nonce="${NONCE}">(function (d) { var s = d.createElement('script'); s.async = true; s.src = '${CREATED}'; d.head.appendChild(s) })(document)</script>
<script nonce="${NONCE}" src="${WRITTEN}"></script>
</head><body>
<div class="comment"><script src="${INJECTED}"></script></div>
</body></html>`
const CSP_MANIFEST = { ...MANIFEST, vendors: [MANIFEST.vendors.find((vendor) => vendor.id === 'linkedin')] }

useSite(async (request, response) => {
  const html = { '/': PAGE, '/report': REPORT_PAGE, ...PUBLISHED_PAGES }[request.url ?? '']
  if (html) return void response.writeHead(200, { 'content-type': 'text/html' }).end(html), true
  if (request.url === '/csp')
    return void response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': CSP }).end(CSP_PAGE), true
  const published = { ...PUBLISHED_MANIFESTS, '/csp.json': CSP_MANIFEST }[request.url ?? '']
  if (published) return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published)), true
  if (request.url === '/local.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(''), true
  if (request.url !== '/consent.json') return false
  // Late on purpose: what is held until the manifest is read can be seen waiting.
  await new Promise((done) => setTimeout(done, 300))
  timeline.push('manifest')
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST))
  return true
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

// The browser suites run some of their tests on this build as well (harness.ts, onBuild): only
// the test that asks is served it.
test('a test that asks for the auto-blocking build is served it for every consentry.js, and only that test', async () => {
  const body = async (path: string) => (await fetch(new URL(path, site.url))).text()
  const [plain, autoblock] = [readFileSync('dist/consentry.js', 'utf8'), readFileSync('dist/consentry-autoblock.js', 'utf8')]
  expect(plain === autoblock).toBe(false)
  expect((await body('/dist/consentry.js')) === plain).toBe(true)
  onBuild('consentry-autoblock.js')
  expect([(await body('/dist/consentry.js')) === autoblock, (await body('/consentry.js')) === autoblock]).toEqual([true, true])
})

test('the build a test asked for is not served to the next one', async () => {
  expect((await (await fetch(new URL('/consentry.js', site.url))).text()) === readFileSync('dist/consentry.js', 'utf8')).toBe(true)
})

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
  // Not 'networkidle': the released video iframe navigates from about:blank, and Playwright then
  // sometimes never reports the page idle again. Wait for what must have happened, then a quiet
  // half second in which nothing may run twice.
  await expect.poll(() => page.evaluate(() => (window as any).released.length)).toBe(3)
  await expect.poll(() => requested.filter((url) => url.includes('youtube-nocookie')).length).toBe(1)
  await page.waitForTimeout(500)
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

/** The vendor scripts that ran, by address, and what each one saw. */
const publishedRan = (page: Page) =>
  page.evaluate(() => ({
    runs: ((window as any).vendorRuns ?? []).slice().sort(),
    zendesk: (window as any).zeSnippet ?? null,
    hotjar: (window as any).hotjarRan ?? null,
  }))
/** What the snippets' inline code did, which auto-blocking does not hold (docs/reference.md §9). */
const inlineRan = (page: Page) =>
  page.evaluate(() => ({
    gtmStart: (window as any).dataLayer.filter((entry: any) => entry.event === 'gtm.js').length,
    fbq: (window as any).fbq.queue.map((args: IArguments) => Array.from(args)),
    hj: typeof (window as any).hj,
  }))
const held = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('script[data-src]'), (script) => [script.getAttribute('data-consent'), script.getAttribute('data-src')]),
  )
/** Nothing of the noscript parts ever loads: with JavaScript on, their content is text. */
const NEVER = [GTM_FRAME, FB_IMAGE]

describe.each(['presets', 'hosts'])('the published snippets, claimed by %s', (claimed) => {
  const url = () => new URL(`/published/${claimed}`, site.url).href

  test('contact no vendor before consent; their inline code runs, their tags wait', async () => {
    const { context, page, requested } = await visitor()
    await page.goto(url())
    await ready(page)
    await page.waitForLoadState('networkidle')
    expect(await publishedRan(page)).toEqual({ runs: [], zendesk: null, hotjar: null })
    expect(await inlineRan(page)).toEqual({
      gtmStart: 1,
      fbq: [['init', '123456789012345'], ['track', 'PageView']],
      hj: 'function',
    })
    // In document order: Meta's tag went before the first script, which GTM's had become.
    expect(await held(page)).toEqual([
      ['meta', FBEVENTS],
      ['gtm', GTM],
      ['hotjar', HOTJAR],
      ['zendesk', ZE_SNIPPET],
    ])
    // The only request may be the preload scanner's, for the one tag written in the HTML.
    expect(requested.filter((url) => url !== ZE_SNIPPET)).toEqual([])
    expect(await page.locator('noscript').count()).toBe(2)
    await context.close()
  })

  test('run each vendor script once on Accept all, and never the noscript parts', async () => {
    const { context, page, requested } = await visitor()
    await page.goto(url())
    await ready(page)
    await page.waitForLoadState('networkidle')
    const before = requested.length
    await page.evaluate(() => (window as any).consent.acceptAll())
    await page.waitForFunction(() => (window as any).vendorRuns?.length >= 4)
    await page.waitForLoadState('networkidle')
    expect(await publishedRan(page)).toEqual({
      runs: [FBEVENTS, GTM, HOTJAR, ZE_SNIPPET].sort(),
      // Zendesk's script finds its key through its element's id, which the release keeps.
      zendesk: ZE_SNIPPET,
      hotjar: 1234567,
    })
    const after = requested.slice(before)
    for (const script of [FBEVENTS, GTM, HOTJAR]) expect(after.filter((url) => url === script)).toEqual([script])
    expect(requested.filter((url) => NEVER.includes(url))).toEqual([])
    // Google's script saw the snippet's start event once (a preset does not mark it again), after
    // the Consent Mode default that data-google-consent-mode pushed before the snippet ran.
    const saw: string[] = await page.evaluate(() =>
      (window as any).googleSaw.map((entry: any) => (entry.event ? `event ${entry.event}` : `${entry[0]} ${entry[1]}`)),
    )
    expect(saw.filter((entry) => entry === 'event gtm.js')).toHaveLength(1)
    expect(saw.slice(0, 3)).toEqual(['consent default', 'set ads_data_redaction', 'event gtm.js'])
    // The gtm preset tells Google of the grant before its script runs.
    if (claimed === 'presets') expect(saw).toContain('consent update')
    // The snippet's own pixel calls reach the pixel first.
    const calls = await page.evaluate(() => (window as any).fbqCalls)
    expect(calls.slice(0, 2)).toEqual([['init', '123456789012345'], ['track', 'PageView']])
    if (claimed === 'presets') {
      // Each preset loaded its script itself: the snippets' tags were not run a second time.
      expect(await page.evaluate(() => (window as any).released)).toEqual([])
      // The preset's consent sequence follows, without a second init and PageView.
      expect(calls.slice(2)).toEqual([['consent', 'revoke'], ['consent', 'grant']])
      expect(await page.evaluate(() => (window as any).zECalls)).toEqual([['messenger:set', 'cookies', 'functional']])
    } else {
      // Released as the page wrote them, in document order.
      expect(await page.evaluate(() => (window as any).released)).toEqual([FBEVENTS, GTM, HOTJAR, ZE_SNIPPET])
      expect(calls).toHaveLength(2)
    }
    expect(await held(page)).toEqual([])

    // A returning visitor: the decision is known before the manifest, the scripts run once again.
    requested.length = 0
    await page.reload()
    await ready(page)
    await page.waitForFunction(() => (window as any).vendorRuns?.length >= 4)
    await page.waitForLoadState('networkidle')
    expect(await publishedRan(page)).toEqual({ runs: [FBEVENTS, GTM, HOTJAR, ZE_SNIPPET].sort(), zendesk: ZE_SNIPPET, hotjar: 1234567 })
    for (const script of [FBEVENTS, GTM, HOTJAR]) expect(requested.filter((url) => url === script)).toEqual([script])
    expect(requested.filter((url) => NEVER.includes(url))).toEqual([])
    expect(await held(page)).toEqual([])
    await context.close()
  })

  test('run nothing after Reject all, nor after a revocation and a reload', async () => {
    const { context, page, requested } = await visitor()
    await page.goto(url())
    await ready(page)
    await page.evaluate(() => (window as any).consent.rejectAll())
    await page.waitForLoadState('networkidle')
    expect(await publishedRan(page)).toEqual({ runs: [], zendesk: null, hotjar: null })
    expect(requested.filter((url) => url !== ZE_SNIPPET)).toEqual([])

    await page.evaluate(() => (window as any).consent.acceptAll())
    await page.waitForFunction(() => (window as any).vendorRuns?.length >= 4)
    await page.evaluate(() => (window as any).consent.rejectAll())
    requested.length = 0
    await page.reload()
    await ready(page)
    await page.waitForLoadState('networkidle')
    expect(await publishedRan(page)).toEqual({ runs: [], zendesk: null, hotjar: null })
    expect(requested.filter((url) => url !== ZE_SNIPPET)).toEqual([])
    expect(await held(page)).toHaveLength(4)
    await context.close()
  })
})

test('under a nonce, releases the scripts the page created or wrote with the nonce, never injected markup', async () => {
  const { context, page, requested } = await visitor()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(new URL('/csp', site.url).href)
  await ready(page)
  await page.waitForLoadState('networkidle')
  const runs = () => page.evaluate(() => ((window as any).vendorRuns ?? []).slice().sort())
  expect(await runs()).toEqual([])
  expect(requested).not.toContain(CREATED)
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction((written) => (window as any).vendorRuns?.includes(written), WRITTEN)
  await page.waitForLoadState('networkidle')
  expect(await runs()).toEqual([CREATED, WRITTEN])
  expect(requested.filter((url) => url === CREATED)).toEqual([CREATED])
  expect(errors).toEqual([`[consentry] no nonce, inert: ${INJECTED}`])
  // consentry inserted nothing the policy had to refuse.
  expect(await page.evaluate(() => (window as any).violations)).toEqual([])
  await context.close()
})
