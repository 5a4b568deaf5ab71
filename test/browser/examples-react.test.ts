import { expect, test } from 'vitest'
import { visitor } from './examples-site'
import { browser, site, useSite } from './harness'

// The React example of `npm start` (examples/react/): consentry/react's <Consented> and
// useGranted on the script tag's instance (docs/reference.md §11).

useSite()

test('the React example keeps the YouTube embed out until YouTube is allowed, and follows the decision', async () => {
  const { page, requested, close } = await visitor(browser, site)
  await page.goto(`${site.url}/react/`)
  const allow = page.getByRole('button', { name: 'Allow YouTube' })
  await allow.waitFor()
  expect([await page.locator('iframe').count(), await page.locator('#usage-status').textContent()]).toEqual([
    0,
    'Usage monitoring is off.',
  ])

  await allow.click()
  const video = page.locator('iframe[title="Approving a payroll run"]')
  await video.waitFor()
  expect(await video.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0')
  // The frame loads: wait for its request here, before a later decision can take the frame out first.
  await expect.poll(() => requested.some((url) => url.startsWith('https://www.youtube-nocookie.com/'))).toBe(true)
  expect(await page.evaluate(() => (window as any).consent.isGranted('youtube'))).toBe(true)
  expect(await page.locator('#usage-status').textContent()).toBe('Usage monitoring is off.')

  // Accept all from the banner reaches the component without a reload.
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.getByText('Usage monitoring is on.').waitFor()
  // Rejecting takes the embed out again.
  await page.evaluate(() => (window as any).consent.rejectAll())
  await allow.waitFor()
  expect(await video.count()).toBe(0)
  await close()
})
