import { expect, test } from 'vitest'
import { fireEvent } from '@testing-library/dom'
import { visit } from './harness'

test('shows a banner region naming who asks and what for, with three buttons of one style', async () => {
  const { ui, root } = await visit()
  const banner = ui.getByRole('region', { name: 'Your privacy choices' })
  expect(banner.getAttribute('aria-modal')).toBeNull()
  expect(banner.textContent).toContain('Example Ltd would like to use cookies')
  for (const title of ['Necessary', 'Analytics', 'Live chat', 'Marketing']) expect(ui.getByText(title)).toBeTruthy()
  expect(ui.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('/privacy')
  const buttons = ['Accept all', 'Reject all', 'Customize'].map((name) => ui.getByRole('button', { name }))
  expect(buttons.map((button) => button.localName)).toEqual(['button', 'button', 'button'])
  expect(new Set(buttons.map((button) => button.className)).size).toBe(1)
  // It does not take focus from the page.
  expect(root.activeElement).toBeNull()
})

test('Accept all grants every purpose, recorded from the banner', async () => {
  const { ui, consent } = await visit()
  ui.getByRole('button', { name: 'Accept all' }).click()
  expect(consent.record()).toMatchObject({
    source: 'banner',
    purposes: { necessary: true, analytics: true, livechat: true, marketing: true },
    vendors: { stats: true, chatco: true, adco: true },
  })
  await expect.poll(() => ui.queryByRole('region', { name: 'Your privacy choices' })).toBeNull()
})

test('Reject all denies every optional purpose, recorded from the banner', async () => {
  const { ui, consent } = await visit()
  ui.getByRole('button', { name: 'Reject all' }).click()
  expect(consent.record()).toMatchObject({
    source: 'banner',
    purposes: { necessary: true, analytics: false, livechat: false, marketing: false },
  })
  expect(consent.isGranted('stats')).toBe(false)
})

test('Escape on the banner grants nothing and records nothing', async () => {
  const { ui, consent } = await visit()
  fireEvent.keyDown(ui.getByRole('button', { name: 'Accept all' }), { key: 'Escape' })
  expect(consent.record()).toBeNull()
  expect(consent.isGranted('analytics')).toBe(false)
})

test('places the banner by the manifest: a box at the top', async () => {
  const { ui } = await visit({ ui: { layout: 'box', position: 'top' } })
  expect(ui.getByRole('region', { name: 'Your privacy choices' })).toBeTruthy()
})

test('shows nothing to a visitor who already decided, until the preferences are asked for', async () => {
  const first = await visit()
  first.ui.getByRole('button', { name: 'Reject all' }).click()
  document.body.innerHTML = ''
  const { ui, consent } = await visit()
  expect(ui.queryByRole('region')).toBeNull()
  consent.showPreferences()
  await expect.poll(() => ui.queryByRole('dialog', { name: 'Cookie settings' })).not.toBeNull()
})
