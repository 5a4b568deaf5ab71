import { expect, test } from 'vitest'
import { ready, visitor } from './examples-site'
import { browser, site, useSite } from './harness'

// Every example under a strict CSP, with the page's nonce on every script tag (docs/reference.md,
// Content Security Policy): each gated script, in the page or in a gated template, still runs.

useSite()

// The single-page app's gated script is in a view it clones into the page on its route.
test.each(['24seven/', 'b2b/', 'chat-center/', 'registratura/', 'spa/#/usage'])(
  '/strict/%s: after Accept all no gated script is left inert, none is refused, no violation',
  async (name) => {
    const { context, page, errors, close } = await visitor(browser, site)
    await context.addInitScript(() => {
      ;(window as any).violations = []
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as any).violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
      )
    })
    const lines: string[] = []
    page.on('console', (message) => lines.push(message.text()))
    await page.goto(`${site.url}/strict/${name}`)
    await ready(page)
    await page.waitForLoadState('load')
    const gated = await page.evaluate(() => document.querySelectorAll('script[data-consent], template[data-consent]').length)
    await page.evaluate(() => (window as any).consent.acceptAll())
    await page.waitForLoadState('networkidle')
    await page.waitForFunction(() => document.querySelectorAll('script[type="text/plain"][data-consent]').length === 0)
    // The page had gated markup, and what ran came from it.
    expect(gated).toBeGreaterThan(0)
    expect(await page.evaluate(() => document.querySelectorAll('script[data-consent-active]').length)).toBeGreaterThan(0)
    expect(lines.filter((line) => / inert: /.test(line))).toEqual([])
    expect(await page.evaluate(() => (window as any).violations)).toEqual([])
    expect(errors).toEqual([])
    await close()
  },
)
