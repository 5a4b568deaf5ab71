/**
 * consentry at scale (no other tool): "accept all" activating 1,000 gated elements, and a page
 * inserting 10,000 elements while consentry watches, against the least each can cost. Measured with
 * Chromium's Performance metrics (ScriptDuration, TaskDuration) around work the bench starts.
 */
import { openPage, sleep, until } from './browser.mjs'
import { SCALE_SETTLE } from './options.mjs'
import { consentryHead, page } from './pages.mjs'
import { add } from './server.mjs'


export const SCALE_SCRIPTS = 500
export const SCALE_TEMPLATES = 250
export const SCALE_IMAGES = 250
// Served, not a `data:` URL: consentry never swaps a `data:` URL in (docs/reference.md, Content
// Security Policy), so such images would stay inert.
const PIXEL = '/fake/pixel.gif'
const scaleMarkup = [
  ...Array.from({ length: SCALE_SCRIPTS }, () => `<script type="text/plain" data-consent="analytics">window.n = (window.n || 0) + 1</script>`),
  ...Array.from({ length: SCALE_TEMPLATES }, () => `<template data-consent="livechat"><p class="t">chat</p></template>`),
  ...Array.from({ length: SCALE_IMAGES }, () => `<img data-consent="marketing" data-src="${PIXEL}" width="1" height="1" alt="">`),
].join('\n')
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
export const INSERTED = 10_000
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

/**
 * Serves the scale pages for each build of consentry (`dist`, and `against` for `AGAINST`), and
 * the plain pages they are compared with.
 */
export const addScalePages = (builds) => {
  for (const build of builds) {
    const head = consentryHead(build)
    add(`/page/${build}/scale-activate.html`, page({ head, gated: scaleMarkup }))
    add(`/page/${build}/scale-activate-none.html`, page({ head }))
    add(`/page/${build}/scale-consentry.html`, page({ head, end: inserter }))
  }
  add('/page/scale-plain.html', page({ end: inserter }))
  add('/page/self/scale-activate.html', scaleActivateSelf)
}

/**
 * Script and main-thread time of "accept all" on a first visit, with 1,000 gated elements or none,
 * with a build of consentry; or (`build` "self") of the page activating the same elements itself.
 */
export const acceptAtScale = async (browser, origin, gated, build) => {
  const self = build === 'self'
  const context = await browser.newContext()
  try {
    const { tab, scriptMs, taskMs, profile } = await openPage(context, origin)
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
export const insertAtScale = async (browser, origin, build, run) => {
  const withConsentry = !!build
  const context = await browser.newContext()
  try {
    const { tab, scriptMs, profile } = await openPage(context, origin)
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

