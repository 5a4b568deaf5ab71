import { expect, test } from 'vitest'
import { visitor } from './examples-site'
import { browser, site, useSite } from './harness'

// The framework examples of `npm start`, one app on each binding: examples/react/ (consentry/react)
// and examples/vue/ (consentry/vue), each with <Consented> around a YouTube video and useGranted on
// the script tag's instance (docs/reference.md §11).

useSite()

test.for(['react', 'vue'])('the %s example keeps the YouTube embed out until YouTube is allowed, and follows the decision', async (app) => {
  const { page, requested, errors, close } = await visitor(browser, site)
  await page.goto(`${site.url}/${app}/`)
  const allow = page.getByRole('button', { name: 'Allow YouTube' })
  await allow.waitFor()
  expect([await page.locator('iframe').count(), await page.locator('#usage-status').textContent()]).toEqual([
    0,
    'Usage monitoring is off.',
  ])

  // The vendor alone: granted with its purpose, the decision saved, usage monitoring still off.
  await allow.click()
  const video = page.locator('iframe[title="Approving a payroll run"]')
  await video.waitFor()
  expect(await video.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0')
  // The frame loads: wait for its request here, before a later decision can take the frame out first.
  await expect.poll(() => requested.some((url) => url.startsWith('https://www.youtube-nocookie.com/'))).toBe(true)
  expect(
    await page.evaluate(() => ['youtube', 'videos', 'monitoring'].map((id) => (window as any).consent.isGranted(id))),
  ).toEqual([true, true, false])
  expect(await page.evaluate(() => (window as any).consent.hasDecided())).toBe(true)
  expect(await page.locator('#usage-status').textContent()).toBe('Usage monitoring is off.')

  // Accept all reaches the component without a reload; Reject all takes the embed out again.
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.getByText('Usage monitoring is on.').waitFor()
  await page.evaluate(() => (window as any).consent.rejectAll())
  await allow.waitFor()
  expect([await video.count(), await page.locator('#usage-status').textContent()]).toEqual([0, 'Usage monitoring is off.'])
  expect(errors).toEqual([])
  await close()
})

test('the Vue example, mounted before the script tag ran, follows the instance once it is there', async () => {
  // The script tag is held back until the app has mounted with the queue the page made.
  const { page, errors, close } = await visitor(browser, site)
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(`${site.url}/consentry.js`, async (route) => (await held, route.continue()))
  await page.route(`${site.url}/vue/`, async (route) => {
    const response = await route.fetch()
    // The app first, then the loader: as a page that loads consentry late would.
    const html = (await response.text())
      .replace('<script src="/consentry.js" data-manifest="/spa/consent.json"></script>', '')
      .replace('</body>', '<script async src="/consentry.js" data-manifest="/spa/consent.json"></script></body>')
    await route.fulfill({ response, body: html })
  })
  // Not waiting for `load`, which waits for the held script.
  await page.goto(`${site.url}/vue/`, { waitUntil: 'commit' })
  await page.locator('#usage-status').waitFor()
  expect(await page.evaluate(() => Array.isArray((window as any).consent))).toBe(true)
  expect(await page.locator('#usage-status').textContent()).toBe('Usage monitoring is off.')
  release()
  await page.getByRole('region', { name: 'Your privacy choices' }).getByRole('button', { name: 'Accept all' }).click()
  await page.getByText('Usage monitoring is on.').waitFor()
  expect(await page.locator('iframe[title="Approving a payroll run"]').count()).toBe(1)
  expect(errors).toEqual([])
  await close()
})
