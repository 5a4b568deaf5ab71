import { expect, test } from 'vitest'
import { fireEvent, within } from '@testing-library/dom'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { visit } from './harness'

const open = async () => {
  const site = await visit()
  const customize = site.ui.getByRole('button', { name: 'Customize' })
  customize.focus()
  customize.click()
  const dialog = await site.ui.findByRole('dialog', { name: 'Cookie settings' })
  return { ...site, customize, dialog, inDialog: within(dialog) }
}

test('Customize opens a modal dialog, moves focus into it, with every optional switch off', async () => {
  const { dialog, inDialog, root } = await open()
  expect(dialog.getAttribute('aria-modal')).toBe('true')
  expect(dialog.contains(root.activeElement)).toBe(true)
  for (const name of ['Analytics', 'Live chat', 'Marketing'])
    expect(inDialog.getByRole('switch', { name }).getAttribute('aria-checked')).toBe('false')
})

test('shows a required purpose switched on and disabled', async () => {
  const { inDialog } = await open()
  const necessary = inDialog.getByRole('switch', { name: 'Necessary' }) as HTMLButtonElement
  expect(necessary.getAttribute('aria-checked')).toBe('true')
  expect(necessary.disabled).toBe(true)
  necessary.click()
  expect(necessary.getAttribute('aria-checked')).toBe('true')
})

test('describes each purpose and groups it with its switch', async () => {
  const { inDialog } = await open()
  const analytics = inDialog.getByRole('switch', { name: 'Analytics', description: 'Counts visits.' })
  expect(inDialog.getByRole('group', { name: 'Analytics' }).contains(analytics)).toBe(true)
})

test('saves exactly the two purposes switched on', async () => {
  const { inDialog, consent } = await open()
  inDialog.getByRole('switch', { name: 'Analytics' }).click()
  inDialog.getByRole('switch', { name: 'Live chat' }).click()
  await expect.poll(() => inDialog.getByRole('switch', { name: 'Live chat' }).getAttribute('aria-checked')).toBe('true')
  inDialog.getByRole('button', { name: 'Save choices' }).click()
  expect(consent.record()).toMatchObject({
    source: 'preferences',
    purposes: { necessary: true, analytics: true, livechat: true, marketing: false },
    vendors: { stats: true, chatco: true, adco: false },
  })
})

test('lists the vendors of a purpose with country, policy, cookies and lifetimes, and a switch each', async () => {
  const { inDialog, consent } = await visit({
    vendors: [
      {
        id: 'stats',
        name: 'Stats Inc',
        purposes: ['analytics'],
        country: 'US',
        privacyPolicy: 'https://stats.example/privacy',
        cookies: [
          { name: 'st_id', days: 365 },
          { name: '/^st_s_/', days: 0 },
        ],
      },
      {
        id: 'other',
        name: 'Other Stats',
        purposes: ['analytics'],
        cookies: [
          { name: 'o', days: 30 },
          { name: 'o_s', days: 30 / 1440 },
          { name: 'o_h', days: 0.5 },
        ],
      },
    ],
  }).then(async (site) => {
    site.consent.showPreferences()
    return { ...site, inDialog: within(await site.ui.findByRole('dialog')) }
  })
  const vendor = inDialog.getByText('Stats Inc').closest('li')!
  expect(vendor.textContent).toContain('Country: United States')
  expect(vendor.textContent).toContain('st_id: 1 year')
  expect(vendor.textContent).toContain('st_s_*: until the browser closes')
  expect(within(vendor).getByRole('link', { name: 'Stats Inc privacy policy' }).getAttribute('href')).toBe(
    'https://stats.example/privacy',
  )
  const other = inDialog.getByText('Other Stats').closest('li')!.textContent
  expect(other).toContain('o: 30 days')
  expect(other).toContain('o_s: 30 minutes')
  expect(other).toContain('o_h: 12 hours')
  // A vendor switched on brings its purpose; the other vendor of that purpose can stay off.
  inDialog.getByRole('switch', { name: 'Stats Inc' }).click()
  await expect.poll(() => inDialog.getByRole('switch', { name: 'Analytics' }).getAttribute('aria-checked')).toBe('true')
  inDialog.getByRole('switch', { name: 'Other Stats' }).click()
  await expect.poll(() => inDialog.getByRole('switch', { name: 'Other Stats' }).getAttribute('aria-checked')).toBe('false')
  inDialog.getByRole('button', { name: 'Save choices' }).click()
  expect(consent.isGranted('stats')).toBe(true)
  expect(consent.isGranted('other')).toBe(false)
})

test('Escape closes without saving and returns focus to Customize', async () => {
  const { dialog, inDialog, ui, consent, customize, root } = await open()
  inDialog.getByRole('switch', { name: 'Analytics' }).click()
  fireEvent.keyDown(dialog, { key: 'Escape' })
  await expect.poll(() => ui.queryByRole('dialog')).toBeNull()
  expect(consent.record()).toBeNull()
  expect(consent.isGranted('analytics')).toBe(false)
  expect(root.activeElement).toBe(customize)
  expect(ui.getByRole('region', { name: 'Your privacy choices' })).toBeTruthy()
})

test('the close button closes without saving too', async () => {
  const { inDialog, ui, consent } = await open()
  inDialog.getByRole('button', { name: 'Close' }).click()
  await expect.poll(() => ui.queryByRole('dialog')).toBeNull()
  expect(consent.hasDecided()).toBe(false)
})

test('Tab and Shift+Tab stay inside the dialog', async () => {
  const { dialog, inDialog, root } = await open()
  const first = inDialog.getByRole('button', { name: 'Close' })
  const last = inDialog.getByRole('button', { name: 'Save choices' })
  last.focus()
  expect(fireEvent.keyDown(last, { key: 'Tab' })).toBe(false)
  expect(root.activeElement).toBe(first)
  expect(fireEvent.keyDown(first, { key: 'Tab', shiftKey: true })).toBe(false)
  expect(root.activeElement).toBe(last)
  // In between, Tab is the browser's own.
  const middle = inDialog.getByRole('switch', { name: 'Analytics' })
  middle.focus()
  expect(fireEvent.keyDown(middle, { key: 'Tab' })).toBe(true)
  expect(dialog.contains(root.activeElement)).toBe(true)
})

test('Accept all and Reject all in the dialog are recorded from the preferences', async () => {
  const accepted = await open()
  accepted.inDialog.getByRole('button', { name: 'Accept all' }).click()
  expect(accepted.consent.record()).toMatchObject({ source: 'preferences', purposes: { marketing: true } })
  accepted.consent.showPreferences()
  const dialog = within(await accepted.ui.findByRole('dialog'))
  expect(dialog.getByRole('switch', { name: 'Marketing' }).getAttribute('aria-checked')).toBe('true')
  dialog.getByRole('button', { name: 'Reject all' }).click()
  expect(accepted.consent.record()).toMatchObject({ source: 'preferences', purposes: { marketing: false } })
})

test('focus returns to the page element that opened the dialog', async () => {
  const { ui, consent, root } = await visit()
  ui.getByRole('button', { name: 'Reject all' }).click()
  const link = document.createElement('a')
  link.href = '#'
  link.textContent = 'Cookie settings'
  document.body.appendChild(link)
  link.focus()
  consent.showPreferences()
  const dialog = await ui.findByRole('dialog')
  expect(dialog.contains(root.activeElement)).toBe(true)
  fireEvent.keyDown(dialog, { key: 'Escape' })
  await expect.poll(() => ui.queryByRole('dialog')).toBeNull()
  expect(document.activeElement).toBe(link)
  expect(ui.queryByRole('region')).toBeNull()
})

test('shows no consent id before a decision, and the stored decision’s id and date after one', async () => {
  const { inDialog, consent, ui } = await open()
  expect(inDialog.queryByText(/consent ID/)).toBe(null)
  inDialog.getByRole('button', { name: 'Reject all' }).click()
  const { id, timestamp } = consent.record()!
  consent.showPreferences()
  const dialog = within(await ui.findByRole('dialog', { name: 'Cookie settings' }))
  const date = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(timestamp))
  expect(dialog.getByText(`Your consent ID is ${id}, saved on ${date}. Quote it if you contact us about your choices.`)).toBeTruthy()
})

test('shows the consent id and date in the visitor’s language', async () => {
  const texts = JSON.parse(readFileSync(resolve(__dirname, '../../locales/de.json'), 'utf8'))
  const { consent, ui } = await visit({}, { locale: 'de', texts })
  consent.acceptAll()
  consent.showPreferences()
  const dialog = within(await ui.findByRole('dialog', { name: texts['preferences.title'] }))
  const { id, timestamp } = consent.record()!
  const date = new Intl.DateTimeFormat('de', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(timestamp))
  expect(dialog.getByText(`Ihre Einwilligungs-ID lautet ${id}, gespeichert am ${date}. Geben Sie sie an, wenn Sie uns wegen Ihrer Auswahl kontaktieren.`)).toBeTruthy()
})
