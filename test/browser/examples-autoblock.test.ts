import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { ready, visitor } from './examples-site'
import { browser, site, useSite } from './harness'

// The auto-blocking variant of The Chat Center served by `npm start`: Google's and tawk.to's
// snippets pasted unchanged under dist/consentry-autoblock.js (docs/reference.md §9).

useSite()

const TAWK = 'https://embed.tawk.to/63f1c0ffee0a1b2c3d4e5f60/1gq2chatc'

const ran = (page: Page) =>
  page.evaluate(() => ({ google: (window as any).googleRan ?? 0, tawk: Array.isArray((window as any).tawkCalls) }))

test('the auto-blocking example holds its pasted Google and tawk.to snippets until Accept all, then runs each once', async () => {
  const { page, requested, close } = await visitor(browser, site)
  await page.goto(`${site.url}/chat-center/autoblock.html`)
  await ready(page)
  await page.waitForLoadState('networkidle')
  // The tawk.to tag is created by a script: it is never even requested before consent.
  expect([await ran(page), requested.filter((url) => url === TAWK)]).toEqual([{ google: 0, tawk: false }, []])

  await page.getByRole('button', { name: 'Accept all' }).click()
  await page.waitForFunction(() => (window as any).googleRan === 1 && Array.isArray((window as any).tawkCalls))
  await page.waitForLoadState('networkidle')
  expect(await ran(page)).toEqual({ google: 1, tawk: true })
  // The preset's own loader and the released snippet are the same script: requested once.
  expect(requested.filter((url) => url === TAWK)).toEqual([TAWK])
  await close()
})
