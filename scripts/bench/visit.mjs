/**
 * Page load: a tool's first visit, its "accept all", and the returning visit twice: reloaded in
 * the same tab (where Chromium reuses the code it compiled for the first visit) and cold, in a new
 * tab of the same browser context, as a visitor who comes back another day.
 */
import { openPage, sleep, until, waitInPage } from './browser.mjs'
import { SETTLE } from './options.mjs'
import { bytesOf, fetched } from './server.mjs'
import { scriptTime, traced } from './trace.mjs'

const ranCount = () => window.ran?.length ?? 0

/** The script time of a traced page view, checked to have run the tool's own scripts. */
const measured = (trace, url, tool) => {
  const result = scriptTime(trace, url)
  const path = (src) => new URL(src, url).pathname
  if (tool.kind !== 'none' && !result.evaluated.some((src) => tool.owns(path(src)) || src.startsWith(url)))
    throw new Error(`${tool.id}: none of its scripts ran in the traced page view`)
  return result
}

/** A first visit in a new tab, with the banner probe: script time, banner, bytes, layout shift. */
const firstVisit = async (browser, context, origin, tool) => {
  const { tab } = await openPage(context, origin, tool.banner)
  const url = `${origin}/page/${tool.id}.html?probe`
  fetched.length = 0
  const trace = await traced(browser, `${tool.id}-first`, async () => {
    await tab.goto(url, { waitUntil: 'load' })
    await waitInPage(tab, 'window.__probe.visible !== null', 'the banner')
    await sleep(SETTLE)
  })
  const { ms, cpu, pid } = measured(trace, url, tool)
  const probe = await tab.evaluate(() => window.__probe)
  const bytes = bytesOf(tool, fetched)
  if ((await tab.evaluate(ranCount)) !== 0) throw new Error('a gated script ran before consent')
  return { tab, pid, ms, cpu, bytes, banner: probe.visible, cls: probe.cls, longest: probe.longest }
}

/** A returning visit in `tab`, after "accept all": script time, bytes, when the gated tags ran. */
const returningVisit = async (browser, tab, origin, tool, name) => {
  const url = `${origin}/page/${tool.id}.html`
  fetched.length = 0
  const trace = await traced(browser, `${tool.id}-${name}`, async () => {
    await tab.goto(url, { waitUntil: 'load' })
    await waitInPage(tab, '(window.ran?.length ?? 0) >= 3', 'the three gated scripts on a returning visit')
    await sleep(SETTLE)
  })
  const { ms, cpu, evaluateCpu, pid } = measured(trace, url, tool)
  const bytes = bytesOf(tool, fetched)
  const ran = await tab.evaluate(ranCount)
  if (ran !== 3) throw new Error(`the three gated scripts ran ${ran} times on a returning visit`)
  if (await tab.evaluate(`(${tool.banner})()?.checkVisibility() ?? false`))
    throw new Error('the banner shows again on a returning visit')
  return { ms, cpu, evaluateCpu, pid, bytes, tagsRan: await tab.evaluate(() => window.ranAt) }
}

/**
 * One first visit, an "accept all", a returning visit in the same tab, and one in a new tab (the
 * first tab closed), in a fresh browser context.
 */
export const visit = async (browser, origin, tool) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const first = await firstVisit(browser, context, origin, tool)
    await tool.accept(first.tab).click()
    await until(first.tab, () => window.ran?.length === 3, 'the three gated scripts after "accept all"')
    const reload = await returningVisit(browser, first.tab, origin, tool, 'reload')
    if (reload.pid !== first.pid) throw new Error('the reload moved to another renderer process: it would not reuse compiled code')
    await first.tab.close()
    const { tab } = await openPage(context, origin)
    const cold = await returningVisit(browser, tab, origin, tool, 'cold')
    if (cold.pid === first.pid) throw new Error('the new tab ran in the first tab\'s renderer process: its visit is not cold')
    return {
      firstBytes: first.bytes,
      returnBytes: cold.bytes,
      banner: first.banner,
      firstScript: first.ms,
      longTask: first.longest,
      coldScript: cold.ms,
      reloadScript: reload.ms,
      tagsRan: cold.tagsRan,
      reloadTagsRan: reload.tagsRan,
      cls: first.cls,
      firstCpu: first.cpu,
      coldCpu: cold.cpu,
      reloadCpu: reload.cpu,
      coldEvaluateCpu: cold.evaluateCpu,
    }
  } finally {
    await context.close()
  }
}
