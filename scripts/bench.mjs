/**
 * `npm run bench`: consentry's size and speed beside other consent managers, in headless
 * Chromium at 4x CPU throttling. Every tool gets the same page, three optional purposes
 * (analytics, livechat, marketing) and three gated scripts written in its own markup; runs are
 * interleaved round-robin, each in a fresh browser context, and medians are reported.
 * consentry is measured twice: as the README's quick start writes it (`data-manifest`, a fetched
 * manifest) and with the manifest inline in the page. Every response is sent with
 * `Cache-Control: no-store`, so a returning visit fetches the manifest again, as it would then.
 * Prints a Markdown table and writes it to `.bench/results.md` (raw samples: `.bench/results.json`);
 * `npm run bench -- --readme` also writes it into README.md. `RUNS=3 npm run bench` for a quick look,
 * `RUNS=1 SCALE=0 npm run bench` to check that it works (no at-scale cases).
 * `ONLY=scale` runs only consentry's at-scale cases (no tool visits); `ONLY=activate` or
 * `ONLY=insert` only one of them. A partial run prints its rows, writes them to
 * `.bench/results-<ONLY>.md` (and `.json`), and never writes the README.
 * `AGAINST=<dir>` measures another build of consentry (a copy of its dist/, e.g. before a change)
 * in the at-scale cases too, interleaved with this one, and prints its rows beside this build's.
 * `PROFILE=1` writes a Chromium CPU profile of each at-scale measurement to `.bench/profiles/`
 * (open it in DevTools' Performance panel); profiling slows the page, so its timings are not comparable.
 */
import { createServer } from 'node:http'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { cpus, loadavg, totalmem } from 'node:os'
import { launchChromium } from './chromium.mjs'

const RUNS = Number(process.env.RUNS) || 7
/** `SCALE=0` skips the consentry-only cases at scale (a quick check of the bench itself). */
const SCALE = process.env.SCALE !== '0'
/** `ONLY=scale`, `ONLY=activate` or `ONLY=insert`: that part alone (see the header). */
const ONLY = process.env.ONLY ?? ''
if (!['', 'scale', 'activate', 'insert'].includes(ONLY))
  throw new Error(`ONLY=${ONLY}: expected scale, activate or insert`)
if (ONLY && !SCALE) throw new Error(`ONLY=${ONLY} measures the at-scale cases, which SCALE=0 skips`)
const VISITS = !ONLY
/** Another build's dist/ directory to measure beside this one at scale (see the header). */
const AGAINST = process.env.AGAINST ? new URL(process.env.AGAINST.replace(/\/?$/, '/'), `file://${process.cwd()}/`).pathname : ''
const PROFILE = process.env.PROFILE === '1'
const README = process.argv.includes('--readme')
if (README && ONLY) throw new Error(`--readme needs the whole bench: ONLY=${ONLY} measures only a part`)
const ACTIVATE = SCALE && ONLY !== 'insert'
const INSERT = SCALE && ONLY !== 'activate'
const THROTTLE = 4
/** How long a page is left to finish its work after `load` (and, on a first visit, the banner). */
const SETTLE = 500
/** The same for the scale pages, whose work is started by the bench after it. */
const SCALE_SETTLE = 200
const PURPOSES = ['analytics', 'livechat', 'marketing']
const TITLES = { analytics: 'Analytics', livechat: 'Live chat', marketing: 'Marketing' }
const DESCRIPTIONS = { analytics: 'Counts visits.', livechat: 'Talk to us.', marketing: 'Ads.' }

const root = new URL('..', import.meta.url).pathname
const modules = root + 'node_modules/'
const versionOf = (pkg) => JSON.parse(readFileSync(`${modules}${pkg}/package.json`, 'utf8')).version
const own = JSON.parse(readFileSync(root + 'package.json', 'utf8'))

// --- The pages ---

const ARTICLE = `<header><h1>Field notes</h1><p>An ordinary article page, the same for every tool.</p></header>
<main>${Array.from(
  { length: 12 },
  (_, i) =>
    `<h2>Section ${i + 1}</h2><p>Consent managers sit on every page of a site, so what they cost is paid on every
    visit. This paragraph is only here to give the page a body of text that a banner could push around, and a
    layout that a late stylesheet could shift. Section ${i + 1} says nothing else.</p>`,
).join('\n')}</main>`

const page = ({ head = '', gated = '', end = '' }) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench</title>
${head}
</head><body>
${ARTICLE}
${gated}
${end}
</body></html>`

/** What each gated script does once it runs: the bench reads `window.ran`. */
/** A gated script: says it ran, and when (milliseconds since navigation start). */
const fake = (name) => `(window.ran = window.ran || []).push(${JSON.stringify(name)}); window.ranAt = performance.now()`
const gatedScripts = (tag) => PURPOSES.map(tag).join('\n')

/** A JSON value for an inline script: `<` escaped so that no text can close the tag. */
const inlineJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c')

const consentryManifest = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  defaultLocale: 'en',
  purposes: PURPOSES.map((id) => ({ id, title: TITLES[id], description: DESCRIPTIONS[id] })),
}
const consentryHead = `<script src="/dist/consentry.js"></script>
<script type="application/json" id="consentry-manifest">${inlineJson(consentryManifest)}</script>`
/** The README's quick start: the manifest is a file of its own. */
const consentryFetchedHead = `<script src="/dist/consentry.js" data-manifest="/page/consent.json"></script>`
/** consentry's UI, shared by both ways of giving it the manifest. */
const consentryUi = {
  // The UI lives in a shadow root (ui/host.ts); the banner is its region (ui/banner.tsx).
  banner: () => document.querySelector('consentry-ui')?.shadowRoot?.querySelector('[role="region"]'),
  accept: (p) => p.getByRole('button', { name: 'Accept all' }),
}
const consentryGated = gatedScripts((id) => `<script type="text/plain" data-consent="${id}" src="/fake/${id}.js"></script>`)

const cookieconsentConfig = `<script>CookieConsent.run({
  hideFromBots: false,
  categories: { analytics: {}, livechat: {}, marketing: {} },
  language: { default: 'en', translations: { en: {
    consentModal: {
      title: 'Example Ltd uses cookies',
      description: 'For analytics, live chat and marketing. <a href="/privacy">Privacy policy</a>',
      acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Customize'
    },
    preferencesModal: {
      title: 'Cookie preferences', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all',
      savePreferencesBtn: 'Save choices', closeIconLabel: 'Close',
      sections: ${JSON.stringify(PURPOSES.map((id) => ({ title: TITLES[id], description: DESCRIPTIONS[id], linkedCategory: id })))}
    }
  } } }
})</script>`

const orejimeConfig = `<script>window.orejimeConfig = {
  privacyPolicyUrl: '/privacy',
  purposes: ${JSON.stringify(PURPOSES.map((id) => ({ id, title: TITLES[id], description: DESCRIPTIONS[id], cookies: [] })))}
}</script>`

const klaroConfig = `<script>var klaroConfig = {
  version: 1,
  acceptAll: true,
  services: ${JSON.stringify(PURPOSES.map((id) => ({ name: id, title: TITLES[id], purposes: [id] })))},
  translations: { zz: { privacyPolicyUrl: '/privacy' }, en: { purposes: ${JSON.stringify(TITLES)} } }
}</script>`

/** The hand-written minimum: a fixed banner, one cookie, the three scripts loaded on "accept". */
const inlineBanner = `<div id="cb" hidden style="position:fixed;inset:auto 0 0 0;padding:1em;background:#fff;border-top:1px solid #888">
Example Ltd uses cookies for analytics, live chat and marketing. <a href="/privacy">Privacy policy</a>
<button id="cb-yes">Accept all</button> <button id="cb-no">Reject all</button></div>
<script>(function(){var d=document,b=d.getElementById('cb'),c=/(?:^|; )cb=(\\d)/.exec(d.cookie);
function load(){['analytics','livechat','marketing'].forEach(function(n){var s=d.createElement('script');s.src='/fake/'+n+'.js';d.body.appendChild(s)})}
function decide(v){d.cookie='cb='+v+';path=/;max-age=15552000;samesite=lax';b.hidden=true;if(v)load()}
if(!c)b.hidden=false;else if(c[1]==='1')load();
d.getElementById('cb-yes').onclick=function(){decide(1)};d.getElementById('cb-no').onclick=function(){decide(0)}})()</script>`

/**
 * The tools. `banner` finds the banner element in the page (it is serialized into the page, so it
 * must not close over anything); `accept` is the locator of its "accept all" button; `inline` is
 * the configuration written into the page, counted in its bytes.
 */
const tools = [
  {
    id: 'consentry-fetched',
    label: `consentry ${own.version}, fetched manifest (README quick start)`,
    owns: (path) => path.startsWith('/dist/') || path === '/page/consent.json',
    inline: '',
    html: page({ head: consentryFetchedHead, gated: consentryGated }),
    ...consentryUi,
  },
  {
    id: 'consentry',
    label: `consentry ${own.version}, inline manifest`,
    owns: (path) => path.startsWith('/dist/'),
    inline: consentryHead.replace(/<script src="[^"]+"><\/script>\n/, ''),
    html: page({ head: consentryHead, gated: consentryGated }),
    ...consentryUi,
  },
  {
    id: 'cookieconsent',
    label: `vanilla-cookieconsent ${versionOf('vanilla-cookieconsent')}`,
    owns: (path) => path.startsWith('/cc/'),
    inline: cookieconsentConfig,
    // Its scripts are collected once, at run(): the tool comes after the tags it manages.
    html: page({
      head: '<link rel="stylesheet" href="/cc/cookieconsent.css">',
      gated: gatedScripts((id) => `<script type="text/plain" data-category="${id}" data-src="/fake/${id}.js"></script>`),
      end: `<script src="/cc/cookieconsent.umd.js"></script>\n${cookieconsentConfig}`,
    }),
    banner: () => document.querySelector('#cc-main .cm'),
    accept: (p) => p.locator('#cc-main .cm [data-role="all"]'),
  },
  {
    id: 'orejime',
    label: `orejime ${versionOf('orejime')}`,
    owns: (path) => path.startsWith('/orejime/'),
    inline: orejimeConfig,
    // Orejime 3 gates with <template data-purpose> only (its ADR 003): no text/plain scripts.
    html: page({
      head: `<link rel="stylesheet" href="/orejime/orejime-standard.css">\n${orejimeConfig}\n<script src="/orejime/orejime-standard-en.js"></script>`,
      gated: gatedScripts((id) => `<template data-purpose="${id}"><script src="/fake/${id}.js"></script></template>`),
    }),
    banner: () => document.querySelector('.orejime-Banner'),
    accept: (p) => p.locator('.orejime-Banner-saveButton'),
  },
  {
    id: 'klaro',
    label: `klaro ${versionOf('klaro')}`,
    owns: (path) => path.startsWith('/klaro/'),
    inline: klaroConfig,
    // Klaro gates services, not purposes: one service per purpose, named after it.
    html: page({
      head: `${klaroConfig}\n<script defer src="/klaro/klaro.js"></script>`,
      gated: gatedScripts(
        (id) => `<script type="text/plain" data-type="text/javascript" data-name="${id}" data-src="/fake/${id}.js"></script>`,
      ),
    }),
    banner: () => document.querySelector('.klaro .cookie-notice'),
    accept: (p) => p.locator('.klaro .cookie-notice .cm-btn-success'),
  },
  {
    id: 'none',
    label: 'no consent manager (inline banner)',
    owns: () => false,
    inline: inlineBanner,
    html: page({ end: inlineBanner }),
    banner: () => document.getElementById('cb'),
    accept: (p) => p.locator('#cb-yes'),
  },
]

// --- Scale cases (consentry only) ---

const SCALE_SCRIPTS = 500
const SCALE_TEMPLATES = 250
const SCALE_IMAGES = 250
// Served, not a `data:` URL: consentry never swaps a `data:` URL in (docs/reference.md, Content
// Security Policy), so such images would stay inert.
const PIXEL = '/fake/pixel.gif'
const scaleMarkup = [
  ...Array.from({ length: SCALE_SCRIPTS }, () => `<script type="text/plain" data-consent="analytics">window.n = (window.n || 0) + 1</script>`),
  ...Array.from({ length: SCALE_TEMPLATES }, () => `<template data-consent="livechat"><p class="t">chat</p></template>`),
  ...Array.from({ length: SCALE_IMAGES }, () => `<img data-consent="marketing" data-src="${PIXEL}" width="1" height="1" alt="">`),
].join('\n')
const scaleActivate = page({ head: consentryHead, gated: scaleMarkup })
/**
 * The least the same activation costs: the page does it itself, with no consent manager, in one
 * task, as a hand-written "accept" would (scripts in document order, each template's content after
 * it, each image's source set).
 */
const scaleActivateSelf = page({
  gated: scaleMarkup,
  end: `<script>window.activateAll = () => {
  for (const inert of document.querySelectorAll('script[type="text/plain"][data-consent]')) {
    const script = document.createElement('script')
    script.text = inert.text
    inert.replaceWith(script)
  }
  for (const template of document.querySelectorAll('template[data-consent]')) template.after(template.content.cloneNode(true))
  for (const image of document.querySelectorAll('img[data-consent]')) image.src = image.dataset.src
}</script>`,
})
const INSERTED = 10_000
/** Insertions are cheap next to a page load: each context measures them this many times, in turn. */
const INSERT_REPEATS = 3
/**
 * 10,000 elements, 100 tasks of 100, as a feed or a single-page app adds them: first one append
 * each (10,000 mutation records), then one fragment per task (100 records of 100 elements). The
 * feeds are hidden: layout is not script time, and laying out a growing list slows the bench.
 */
const inserter = `<div id="one" hidden></div><div id="many" hidden></div><script>
const item = (n) => {
  const element = document.createElement('div')
  element.className = 'item'
  element.textContent = 'item ' + n
  return element
}
const inTasks = (add) => new Promise((done) => {
  let task = 0
  const step = () => {
    add(task)
    if (++task < 100) setTimeout(step, 0)
    else setTimeout(done, 0)
  }
  step()
})
window.insertOne = () => inTasks((task) => {
  const feed = document.getElementById('one')
  for (let i = 0; i < ${INSERTED / 100}; i++) feed.appendChild(item(task * 100 + i))
})
window.insertMany = () => inTasks((task) => {
  const fragment = document.createElement('section')
  for (let i = 0; i < ${INSERTED / 100}; i++) fragment.appendChild(item(task * 100 + i))
  document.getElementById('many').appendChild(fragment)
})
window.clearItems = () => document.querySelectorAll('#one, #many').forEach((feed) => feed.replaceChildren())
// The least any watcher of added elements costs: an observer that does nothing.
let watcher
window.watch = (on) => {
  watcher?.disconnect()
  watcher = on ? new MutationObserver(() => {}) : undefined
  watcher?.observe(document.documentElement, { childList: true, subtree: true })
}</script>`

// --- The server: every file gzipped once; the bench sums the gzip sizes of what was fetched ---

const files = new Map()
const TYPES = { js: 'text/javascript', css: 'text/css', json: 'application/json', html: 'text/html', gif: 'image/gif' }
const add = (path, body) => {
  const type = TYPES[path.split('.').pop()] ?? TYPES.html
  const gzipped = gzipSync(body, { level: 9 })
  files.set(path, { type, gzipped, size: gzipped.length })
}
const addFile = (path, file) => add(path, readFileSync(file))

if (!existsSync(root + 'dist/consentry.js'))
  throw new Error('dist/ is missing: run `npm run build` (npm run bench does)')
for (const name of readdirSync(root + 'dist').filter((name) => /\.(js|json)$/.test(name)))
  addFile(`/dist/${name}`, root + 'dist/' + name)
for (const name of readdirSync(root + 'dist/locales')) addFile(`/dist/locales/${name}`, root + 'dist/locales/' + name)
addFile('/cc/cookieconsent.umd.js', modules + 'vanilla-cookieconsent/dist/cookieconsent.umd.js')
addFile('/cc/cookieconsent.css', modules + 'vanilla-cookieconsent/dist/cookieconsent.css')
addFile('/orejime/orejime-standard-en.js', modules + 'orejime/dist/orejime-standard-en.js')
addFile('/orejime/orejime-standard.css', modules + 'orejime/dist/orejime-standard.css')
// Klaro's default build: script, styles and translations in one file.
addFile('/klaro/klaro.js', modules + 'klaro/dist/klaro.js')
for (const id of PURPOSES) add(`/fake/${id}.js`, fake(id))
add('/fake/pixel.gif', Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'))
for (const tool of tools) add(`/page/${tool.id}.html`, tool.html)
add('/page/consent.json', JSON.stringify(consentryManifest))
/**
 * The least a returning visit's script time can be, on the same page: reading the cookie (every
 * tool does), and reading it and fetching the manifest (consentry's quick start does).
 */
const FLOORS = {
  cookie: 'reads document.cookie',
  fetch: 'reads document.cookie and fetches consent.json',
}
add('/page/floor-cookie.html', page({ head: '<script>window.c = document.cookie</script>', gated: consentryGated }))
add(
  '/page/floor-fetch.html',
  page({
    head: "<script>window.c = document.cookie; fetch('/page/consent.json').then((r) => r.text()).then(JSON.parse)</script>",
    gated: consentryGated,
  }),
)
/** The builds measured at scale: this one, served from /dist/, and `AGAINST`'s from /against/. */
const BUILDS = AGAINST ? ['dist', 'against'] : ['dist']
if (AGAINST) {
  if (!existsSync(AGAINST + 'consentry.js')) throw new Error(`AGAINST=${process.env.AGAINST}: no consentry.js in it`)
  for (const name of readdirSync(AGAINST).filter((name) => /\.(js|json)$/.test(name)))
    addFile(`/against/${name}`, AGAINST + name)
  for (const name of readdirSync(AGAINST + 'locales')) addFile(`/against/locales/${name}`, AGAINST + 'locales/' + name)
}
for (const build of BUILDS) {
  const head = consentryHead.replace('/dist/', `/${build}/`)
  add(`/page/${build}/scale-activate.html`, scaleActivate.replace(consentryHead, head))
  add(`/page/${build}/scale-activate-none.html`, page({ head }))
  add(`/page/${build}/scale-consentry.html`, page({ head, end: inserter }))
}
add('/page/scale-plain.html', page({ end: inserter }))
add('/page/self/scale-activate.html', scaleActivateSelf)
add('/blank.html', '<!doctype html><title>blank</title>')

/** Paths requested since the last `fetched.length = 0`, and any path the bench does not serve. */
const fetched = []
const missing = new Set()
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname
  const file = files.get(path)
  if (!file) {
    if (path !== '/favicon.ico') missing.add(path)
    return response.writeHead(path === '/favicon.ico' ? 204 : 404).end()
  }
  fetched.push(path)
  response
    .writeHead(200, {
      'content-type': `${file.type}; charset=utf-8`,
      'content-encoding': 'gzip',
      'cache-control': 'no-store',
    })
    .end(file.gzipped)
})
await new Promise((done) => server.listen(0, '127.0.0.1', done))
const origin = `http://127.0.0.1:${server.address().port}`
const bytesOf = (tool, paths) =>
  (tool.inline ? gzipSync(tool.inline, { level: 9 }).length : 0) +
  paths.filter(tool.owns).reduce((sum, path) => sum + files.get(path).size, 0)

// --- Measuring ---

/**
 * Runs at document start of a probed page: notes when the banner is first visible and sums layout
 * shifts. It polls from a 10 ms timer (Chromium counts requestAnimationFrame callbacks twice in
 * ScriptDuration, timers once) and adds up the time of its queries so that it can be subtracted;
 * the layout its visibility checks force is not script time (LayoutDuration), so it is not.
 */
const probe = (find) => {
  if (!location.search.includes('probe')) return
  const state = (window.__probe = { visible: null, ms: 0, cls: 0 })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value
  }).observe({ type: 'layout-shift', buffered: true })
  const check = () => {
    const start = performance.now()
    const element = find()
    state.ms += performance.now() - start
    let shown = false
    if (element && element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      const box = element.getBoundingClientRect()
      shown = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
    }
    if (shown) state.visible = start
    else setTimeout(check, 10)
  }
  check()
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms))

/**
 * A page on the bench's origin, throttled, with the Performance domain on. Chromium's
 * ScriptDuration starts again at 0 with each document, and leaves out what the bench itself
 * evaluates, so work to be measured is started from a page task (setTimeout).
 */
const openPage = async (context, find) => {
  const tab = await context.newPage()
  if (find) await tab.addInitScript({ content: `(${probe})(${find})` })
  await tab.goto(`${origin}/blank.html`)
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  await cdp.send('Performance.enable')
  const metric = async (name) => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return metrics.find((metric) => metric.name === name).value * 1000
  }
  const scriptMs = () => metric('ScriptDuration')
  /** All the main thread's work: script, promise callbacks, style, layout, paint, garbage collection. */
  const taskMs = () => metric('TaskDuration')
  return { tab, scriptMs, taskMs, profile: profiler(cdp) }
}

let profiles = 0
/** With `PROFILE=1`, `start()` starts a CPU profile and `stop(name)` writes it; otherwise neither does anything. */
const profiler = (cdp) => ({
  start: async () => {
    if (!PROFILE) return
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
  },
  stop: async (name) => {
    if (!PROFILE) return
    const { profile } = await cdp.send('Profiler.stop')
    mkdirSync(root + '.bench/profiles', { recursive: true })
    writeFileSync(root + `.bench/profiles/${String(++profiles).padStart(3, '0')}-${name}.cpuprofile`, JSON.stringify(profile))
  },
})

/** Polls from outside the page (no in-page polling that would count as the page's script time). */
const until = async (tab, fn, what, timeout = 15_000) => {
  const end = Date.now() + timeout
  while (!(await tab.evaluate(fn))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

const ranCount = () => window.ran?.length ?? 0

/** One first visit, an "accept all", and one returning visit, in a fresh context. */
const visit = async (browser, tool) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const { tab, scriptMs } = await openPage(context, tool.banner)
    const url = `${origin}/page/${tool.id}.html`

    fetched.length = 0
    await tab.goto(url + '?probe', { waitUntil: 'load' })
    await sleep(SETTLE)
    await until(tab, () => window.__probe.visible !== null, 'the banner')
    const first = await tab.evaluate(() => window.__probe)
    const firstScript = (await scriptMs()) - first.ms
    const firstBytes = bytesOf(tool, fetched)
    if ((await tab.evaluate(ranCount)) !== 0) throw new Error('a gated script ran before consent')

    await tool.accept(tab).click()
    await until(tab, () => window.ran?.length === 3, 'the three gated scripts after "accept all"')

    fetched.length = 0
    await tab.goto(url, { waitUntil: 'load' })
    await sleep(SETTLE)
    const returnScript = await scriptMs()
    const returnBytes = bytesOf(tool, fetched)
    if ((await tab.evaluate(ranCount)) !== 3) throw new Error('the gated scripts did not all run on a returning visit')
    const tagsRan = await tab.evaluate(() => window.ranAt)
    if (await tab.evaluate(`(${tool.banner})()?.checkVisibility() ?? false`))
      throw new Error('the banner shows again on a returning visit')
    return {
      firstBytes,
      returnBytes,
      banner: first.visible,
      firstScript,
      returnScript,
      tagsRan,
      cls: first.cls,
    }
  } finally {
    await context.close()
  }
}

/** Script time of a floor page (FLOORS) over the page view, measured as a returning visit is. */
const floorScript = async (browser, floor) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const { tab, scriptMs } = await openPage(context)
    await tab.goto(`${origin}/page/floor-${floor}.html`, { waitUntil: 'load' })
    await sleep(SETTLE)
    return await scriptMs()
  } finally {
    await context.close()
  }
}

/**
 * Script and main-thread time of "accept all" on a first visit, with 1,000 gated elements or none,
 * with a build of consentry; or (`build` "self") of the page activating the same elements itself.
 */
const acceptAtScale = async (browser, gated, build) => {
  const self = build === 'self'
  const context = await browser.newContext()
  try {
    const { tab, scriptMs, taskMs, profile } = await openPage(context)
    await tab.goto(`${origin}/page/${build}/scale-activate${gated ? '' : '-none'}.html`, { waitUntil: 'load' })
    if (!self) {
      await until(tab, () => window.consent?.$state?.get().status === 'ready', 'consentry')
      await until(tab, () => !!document.querySelector('consentry-ui'), 'the banner')
    }
    await sleep(SCALE_SETTLE)
    await profile.start()
    const before = await scriptMs()
    const taskBefore = await taskMs()
    if (self) await tab.evaluate(() => void setTimeout(() => window.activateAll()))
    else await tab.evaluate(() => void setTimeout(() => window.consent.acceptAll()))
    const expected = gated ? SCALE_SCRIPTS + SCALE_TEMPLATES + SCALE_IMAGES : 0
    const activated = () =>
      (window.n ?? 0) + document.querySelectorAll('p.t').length + document.querySelectorAll('img[src]').length
    const bannerGone = () => !document.querySelector('consentry-ui')?.shadowRoot?.querySelector('[role="region"]')
    if (!self) await until(tab, bannerGone, 'the banner to close')
    await sleep(200)
    const ms = (await scriptMs()) - before
    const task = (await taskMs()) - taskBefore
    await profile.stop(`activate-${gated ? 'gated' : 'none'}-${build}`)
    const count = await tab.evaluate(activated)
    if (count !== expected) throw new Error(`${count} of ${expected} gated elements were activated`)
    return { script: ms, task }
  } finally {
    await context.close()
  }
}

/**
 * Script time of inserting 10,000 elements one at a time and as fragments: on a plain page with
 * nothing watching and with an empty MutationObserver (one context, in turn), or with a build of
 * consentry (`build`) and a returning visitor. Each repeat starts from an empty feed.
 */
const insertAtScale = async (browser, build, run) => {
  const withConsentry = !!build
  const context = await browser.newContext()
  try {
    const { tab, scriptMs, profile } = await openPage(context)
    const url = `${origin}/page/${withConsentry ? `${build}/scale-consentry` : 'scale-plain'}.html`
    if (withConsentry) {
      await tab.goto(url, { waitUntil: 'load' })
      await until(tab, () => window.consent?.$state?.get().status === 'ready', 'consentry')
      await tab.evaluate(() => window.consent.acceptAll())
    }
    await tab.goto(url, { waitUntil: 'load' })
    await sleep(SCALE_SETTLE)
    if (withConsentry && !(await tab.evaluate(() => window.consent?.hasDecided?.())))
      throw new Error('consentry did not find the stored decision')
    const timed = async (insert, variant) => {
      await profile.start()
      const before = await scriptMs()
      await tab.evaluate((name) => new Promise((done) => setTimeout(() => window[name]().then(done))), insert)
      const ms = (await scriptMs()) - before
      await profile.stop(`${insert}-${variant}`)
      return ms
    }
    const measure = async (variant) => {
      const result = { one: await timed('insertOne', variant), many: await timed('insertMany', variant) }
      if ((await tab.evaluate(() => document.querySelectorAll('.item').length)) !== 2 * INSERTED)
        throw new Error('the page did not insert every element')
      await tab.evaluate(() => window.clearItems())
      await sleep(100)
      return result
    }
    const results = withConsentry ? { [build]: [] } : { plain: [], observer: [] }
    for (let repeat = 0; repeat < INSERT_REPEATS; repeat++) {
      if (withConsentry) results[build].push(await measure(build))
      else
        for (const variant of (run + repeat) % 2 ? ['observer', 'plain'] : ['plain', 'observer']) {
          await tab.evaluate((on) => window.watch(on), variant === 'observer')
          results[variant].push(await measure(variant))
        }
    }
    return results
  } finally {
    await context.close()
  }
}

// --- Running ---

const median = (values) => {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const started = Date.now()
const loadBefore = loadavg()[0]
const browser = await launchChromium()
const version = browser.version()
const samples = Object.fromEntries(tools.map((tool) => [tool.id, []]))
const errors = Object.fromEntries([...tools.map((tool) => [tool.id, []]), ['activate', []], ['insert', []], ['floor', []]])
const floors = Object.fromEntries(Object.keys(FLOORS).map((floor) => [floor, []]))
/** Script times at scale: `activate` by build (`dist`, `against`) and `<build>-none`; `insert` by variant. */
const scale = { activate: {}, insert: {} }
const push = (samples, key, ...values) => (samples[key] ??= []).push(...values)
/** The list turned by `run` places, so that no case always follows the same one. */
const turn = (list, run) => list.map((_, i) => list[(i + run) % list.length])
const attempt = async (key, fn) => {
  try {
    return await fn()
  } catch (error) {
    errors[key].push(error.message.split('\n')[0])
    console.error(`  ${key}: ${error.message.split('\n')[0]}`)
  }
}

try {
  for (let run = 0; run < RUNS; run++) {
    // Round-robin, starting one tool later each run, so that no tool always follows the same one.
    for (const tool of VISITS ? turn(tools, run) : []) {
      const result = await attempt(tool.id, () => visit(browser, tool))
      if (result) samples[tool.id].push(result)
    }
    for (const floor of VISITS ? turn(Object.keys(FLOORS), run) : []) {
      const result = await attempt('floor', () => floorScript(browser, floor))
      if (result !== undefined) floors[floor].push(result)
    }
    const cases = [['self', true], ...BUILDS.flatMap((build) => [[build, true], [build, false]])]
    for (const [build, gated] of ACTIVATE ? turn(cases, run) : []) {
      const result = await attempt('activate', () => acceptAtScale(browser, gated, build))
      if (result) push(scale.activate, gated ? build : `${build}-none`, result)
    }
    for (const build of INSERT ? turn(['', ...BUILDS], run) : []) {
      const results = await attempt('insert', () => insertAtScale(browser, build, run))
      for (const [variant, list] of Object.entries(results ?? {})) push(scale.insert, variant, ...list)
    }
    console.error(`run ${run + 1}/${RUNS} done (${Math.round((Date.now() - started) / 1000)} s)`)
  }
} finally {
  await browser.close()
  server.close()
}

// --- Reporting ---

const COLUMNS = [
  { key: 'firstBytes', title: 'first-visit bytes', format: (v) => `${(v / 1000).toFixed(1)} KB` },
  { key: 'returnBytes', title: 'returning-visit bytes', format: (v) => `${(v / 1000).toFixed(1)} KB` },
  { key: 'banner', title: 'banner visible', format: (v) => `${Math.round(v)} ms` },
  { key: 'firstScript', title: 'main-thread script, first visit', format: (v) => `${Math.round(v)} ms` },
  { key: 'returnScript', title: 'same, returning visitor', format: (v) => `${Math.round(v)} ms` },
  { key: 'tagsRan', title: 'gated tags ran, returning visitor', format: (v) => `${Math.round(v)} ms` },
  { key: 'cls', title: 'layout shift (CLS)', format: (v) => v.toFixed(3) },
]
const mediansOf = (list) => Object.fromEntries(COLUMNS.map(({ key }) => [key, median(list.map((s) => s[key]))]))
const medians = Object.fromEntries(tools.map((tool) => [tool.id, mediansOf(samples[tool.id])]))
/** The size and speed goals, in column order. */
const TARGETS = [
  'at most 12 KB',
  'at most 4 KB',
  'at most 1× the best',
  'at most 0.5× the best',
  'at most 0.5× the best',
  'at most 1× the best',
  'no shift',
]
const cell = (column, value) => (Number.isNaN(value) ? 'failed' : column.format(value))
const consentryTools = tools.filter((tool) => tool.id.startsWith('consentry'))
const competitors = tools.filter((tool) => !consentryTools.includes(tool) && tool.id !== 'none')
const ratioCell = (id) => (column) => {
  const ours = medians[id][column.key]
  const best = competitors
    .filter((tool) => !Number.isNaN(medians[tool.id][column.key]))
    .reduce((a, b) => (medians[b.id][column.key] < medians[a.id][column.key] ? b : a), competitors[0])
  const theirs = medians[best.id][column.key]
  if (Number.isNaN(ours) || Number.isNaN(theirs)) return '—'
  if (theirs === 0) return ours === 0 ? `equal (${best.id})` : `${column.format(ours)} vs 0 (${best.id})`
  return `${(ours / theirs).toFixed(2)}× (${best.id})`
}
const failures = (id, total = RUNS) => (errors[id].length ? ` (${total - errors[id].length}/${total} runs ok)` : '')

const cpu = cpus()
const machine = [
  `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
  `${Math.round(totalmem() / 2 ** 30)} GB RAM`,
  process.platform,
  `node ${process.version}`,
].join(', ')
const date = new Date().toISOString().slice(0, 10)
const load = `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`
const ms = (v) => (Number.isNaN(v) ? 'failed' : `${Math.round(v)} ms`)
const percent = (value, base) =>
  Number.isNaN(value + base) ? '—' : `${value >= base ? '+' : ''}${Math.round((value / base - 1) * 100)}%`
/** With `AGAINST`, which build a row is about. */
const buildLabel = (build) => (!AGAINST ? '' : build === 'dist' ? ' [this build]' : ` [AGAINST=${process.env.AGAINST}]`)
const insertRow = (mode, label, build) => {
  const [plain, observer, watched] = ['plain', 'observer', build].map((variant) =>
    median((scale.insert[variant] ?? []).map((result) => result[mode])),
  )
  const what = `a page inserting ${INSERTED.toLocaleString('en')} elements ${label}`
  const times = `${ms(plain)} → ${ms(observer)} (${percent(observer, plain)}) → ${ms(watched)} (${percent(watched, plain)}; ${percent(watched, observer)} over the empty observer)`
  return `| ${what}: nothing watching → an empty MutationObserver → consentry${buildLabel(build)}${failures('insert', (1 + BUILDS.length) * RUNS)} | ${times} | consentry at most +10% |`
}
const activateRow = (build) => {
  const what = `"accept all" activating 1,000 gated elements (${SCALE_SCRIPTS} inline scripts, ${SCALE_TEMPLATES} templates, ${SCALE_IMAGES} images), banner closing included`
  const of = (key, kind) => ms(median((scale.activate[key] ?? []).map((result) => result[kind])))
  const none = `${build}-none`
  const times = `${of(build, 'script')} (with no gated element: ${of(none, 'script')}); main thread ${of(build, 'task')} (${of(none, 'task')})`
  return `| ${what}${buildLabel(build)}${failures('activate', (1 + 2 * BUILDS.length) * RUNS)} | ${times} | at most 50 ms |`
}
const selfRow = () => {
  const of = (kind) => ms(median((scale.activate.self ?? []).map((result) => result[kind])))
  return `| the same 1,000 elements activated by the page itself, in one task, with no consent manager | ${of('script')}; main thread ${of('task')} | (the least it can cost) |`
}
const toolRow = (tool) =>
  `| ${tool.label}${failures(tool.id)} | ${COLUMNS.map((column) => cell(column, medians[tool.id][column.key])).join(' | ')} |`
const lines = [
  `Measured ${date} by \`npm run bench\`: headless Chromium ${version}, CPU throttled ${THROTTLE}x, median of ${RUNS} runs`,
  `interleaved across tools, a fresh browser context each. Machine: ${machine}; 1-minute load average`,
  `${load} (timings are wall-clock main-thread time, so a busy machine inflates them).`,
  '',
  ...(VISITS
    ? [
        `| | ${COLUMNS.map((column) => column.title).join(' | ')} |`,
        `| --- | ${COLUMNS.map(() => '---').join(' | ')} |`,
        ...tools.map(toolRow),
        ...consentryTools.map(
          (tool) =>
            `| ${tool.id === 'consentry' ? 'inline' : 'fetched'} ÷ best competitor | ${COLUMNS.map(ratioCell(tool.id)).join(' | ')} |`,
        ),
        `| target for consentry | ${TARGETS.join(' | ')} |`,
        '',
        `Floors of the returning visit's script time, measured the same way on the same page: a page whose only script ${Object.entries(
          FLOORS,
        )
          .map(([floor, what]) => `${what}: ${ms(median(floors[floor]))}`)
          .join('; one that ')}.`,
        '',
      ]
    : []),
  ...(SCALE
    ? [
        '| consentry at scale (script time, 4x CPU) | median | target |',
        '| --- | --- | --- |',
        ...(ACTIVATE ? [...BUILDS.map(activateRow), selfRow()] : []),
        ...(INSERT
          ? BUILDS.flatMap((build) => [
              insertRow('one', 'one at a time (100 tasks of 100 appends)', build),
              insertRow('many', 'as 100 fragments of 100', build),
            ])
          : []),
        '',
      ]
    : []),
  'Bytes are gzip -9 sizes of everything the tool itself loads (scripts, styles, locales) plus its',
  'configuration, written in the page or fetched (consentry\'s manifest); every response is sent with',
  '`Cache-Control: no-store`. Banner visible: from navigation start until the banner is on',
  "screen with non-zero opacity (checked every 10 ms). Script time: Chromium's ScriptDuration over",
  `the page view (load plus ${SETTLE} ms), the page's own few scripts included. Gated tags ran: from`,
  'navigation start until the last of the three gated scripts ran, on the returning visit.',
  ...(ACTIVATE
    ? [
        "ScriptDuration leaves out promise callbacks, and consentry runs gated scripts one promise after",
        "another, so the activation row also gives the main thread's whole busy time (Chromium's",
        'TaskDuration: script and promise callbacks, style, layout, paint, garbage collection).',
      ]
    : []),
]
if (missing.size) lines.push('', `Not served (requested by a tool, answered 404): ${[...missing].join(', ')}`)
const table = lines.join('\n')
console.log('\n' + table)
mkdirSync(root + '.bench', { recursive: true })
const results = root + (ONLY ? `.bench/results-${ONLY}` : '.bench/results')
writeFileSync(results + '.md', table + '\n')
writeFileSync(
  results + '.json',
  JSON.stringify(
    { date, chromium: version, machine, load, runs: RUNS, throttle: THROTTLE, samples, floors, scale, errors },
    null,
    2,
  ) + '\n',
)
if (README) {
  const readme = readFileSync(root + 'README.md', 'utf8')
  const section = /(<!-- bench:[^>]*-->\n)[\s\S]*?(\n<!-- \/bench -->)/
  if (!section.test(readme))
    throw new Error('README.md has no <!-- bench: … --> … <!-- /bench --> section to write the table in')
  writeFileSync(root + 'README.md', readme.replace(section, (_, open, close) => open + table + close))
}
const written = `${results.slice(root.length)}.md${README ? ' and README.md' : ''}`
console.error(`\nwritten to ${written} in ${Math.round((Date.now() - started) / 1000)} s`)
