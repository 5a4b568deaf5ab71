import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { focused, hosts, ready, record, visitor } from './examples-site'
import { browser, site, useSite } from './harness'

// Keyboard, axe-core and a strict Content-Security-Policy, on the example sites.
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

useSite()

/** Presses Tab until `name` has the focus, at most `limit` times; returns the names passed on the way. */
const tabTo = async (page: Page, name: string, limit = 40) => {
  const passed: string[] = []
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const now = await focused(page)
    passed.push(now?.name ?? '(page)')
    if (now?.name === name) return passed
  }
  throw new Error(`Tab never reached "${name}": ${passed.join(' → ')}`)
}

test('a keyboard-only visitor reaches the banner first, customizes in the dialog, and Escape saves nothing', async () => {
  const { page, close } = await visitor(browser, site)
  await page.goto(site.url + '/24seven/')
  await ready(page)
  await page.getByRole('region', { name: 'Your privacy choices' }).waitFor()

  expect(await tabTo(page, 'Customize')).toEqual(['Privacy policy', 'Accept all', 'Reject all', 'Customize'])
  await page.keyboard.press('Enter')
  await page.getByRole('dialog', { name: 'Cookie settings' }).waitFor()
  expect(await focused(page)).toEqual({ name: 'Close', role: 'button' })

  // The focus is trapped: Shift+Tab from the first control goes to the last, Tab brings it back.
  await page.keyboard.press('Shift+Tab')
  expect(await focused(page)).toEqual({ name: 'Save choices', role: 'button' })
  await page.keyboard.press('Tab')
  expect(await focused(page)).toEqual({ name: 'Close', role: 'button' })

  await tabTo(page, 'Analytics')
  await page.keyboard.press('Space')
  expect(await page.getByRole('switch', { name: 'Analytics', exact: true }).getAttribute('aria-checked')).toBe('true')
  await page.keyboard.press('Escape')
  await page.getByRole('dialog').waitFor({ state: 'detached' })
  expect(await page.evaluate(() => (window as any).consent.hasDecided())).toBe(false)
  expect(await focused(page)).toEqual({ name: 'Customize', role: 'button' })

  // Again, and this time saved: the switch starts off, since Escape kept nothing.
  await page.keyboard.press('Enter')
  await page.getByRole('dialog', { name: 'Cookie settings' }).waitFor()
  await tabTo(page, 'Analytics')
  expect(await page.getByRole('switch', { name: 'Analytics', exact: true }).getAttribute('aria-checked')).toBe('false')
  await page.keyboard.press('Space')
  await tabTo(page, 'Save choices')
  await page.keyboard.press('Enter')
  expect((await record(page)).purposes).toEqual({
    service: true,
    security: true,
    journey: false,
    analytics: true,
    communications: false,
    marketing: false,
  })
  await close()
})

test.each([
  ['Accept all', 'Enter', true],
  ['Reject all', 'Space', false],
])('a keyboard-only visitor decides with %s and %s, and the banner goes', async (button, key, granted) => {
  const { page, close } = await visitor(browser, site)
  await page.goto(site.url + '/24seven/')
  await ready(page)
  const region = page.getByRole('region', { name: 'Your privacy choices' })
  await region.waitFor()
  await tabTo(page, button)
  await page.keyboard.press(key)
  await region.waitFor({ state: 'detached' })
  expect(await record(page)).toMatchObject({
    source: 'banner',
    purposes: { journey: granted, analytics: granted, communications: granted, marketing: granted },
  })
  await close()
})

describe.each(['/24seven/', '/chat-center/', '/registratura/'])('axe-core on %s', (path) => {
  const violations = async (page: Page) => {
    await page.addScriptTag({ path: AXE })
    // axe reads open shadow roots, where the consent UI lives (ui/host.ts).
    const { found, inShadow } = await page.evaluate(async () => {
      const { violations, passes } = await (window as any).axe.run(document)
      return {
        found: violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.flat().join(' >>> ')).join(', ')}`),
        // axe names a node inside a shadow root by a path of selectors, host first.
        inShadow: passes.some((p: any) => p.id === 'button-name' && p.nodes.some((n: any) => Array.isArray(n.target[0]))),
      }
    })
    expect(inShadow).toBe(true)
    return found
  }

  test('finds no violation with the banner, with the dialog open, nor after rejecting (placeholders, buttons)', async () => {
    const { page, close } = await visitor(browser, site)
    await page.goto(site.url + path)
    await ready(page)
    const region = page.getByRole('region')
    await region.waitFor()
    expect(await violations(page)).toEqual([])
    await region.getByRole('button').last().click() // Customize, in any language
    await page.getByRole('dialog').waitFor()
    for (const summary of await page.getByRole('dialog').locator('summary').all()) await summary.click()
    expect(await violations(page)).toEqual([])
    await page.getByRole('dialog').getByRole('button', { name: /^(Reject all|Respingeți toate)$/ }).click()
    await page.locator('consentry-reopen button').waitFor()
    expect(await violations(page)).toEqual([])
    await close()
  })
})

test('under a strict CSP, the banner, the dialog and every vendor work with no violation', async () => {
  const { context, page, requested, errors, close } = await visitor(browser, site)
  await context.addInitScript(() => {
    ;(window as any).violations = []
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as any).violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    )
  })
  const response = await page.goto(site.url + '/strict/chat-center/')
  expect(response!.headers()['content-security-policy']).toContain("'strict-dynamic'")
  await ready(page)
  const region = page.getByRole('region', { name: 'Your privacy choices' })
  await region.waitFor()
  await region.getByRole('button', { name: 'Customize' }).click()
  await page.getByRole('dialog', { name: 'Cookie settings' }).getByRole('button', { name: 'Accept all' }).click()
  await page.waitForFunction(() => (window as any).tawkCalls && (window as any).zopimCalls && (window as any).googleSaw)
  await page.getByRole('heading', { name: 'You may also like' }).waitFor() // a template's script ran
  await page.getByRole('form', { name: 'Newsletter' }).waitFor()
  expect(hosts(requested)).toEqual(['embed.tawk.to', 'v2.zopim.com', 'www.googletagmanager.com'])
  // The gated inline event runs after gtag.js has loaded (document order), so it is waited for.
  await page.waitForFunction(() => (window as any).dataLayer.some((e: IArguments) => e[1] === 'page_language'))
  await page.getByRole('button', { name: 'Cookie settings' }).click()
  await page.getByRole('dialog', { name: 'Cookie settings' }).waitFor()
  expect(await page.evaluate(() => (window as any).violations)).toEqual([])
  expect(errors).toEqual([])
  await close()
})
