import { widget } from './fake-chat'
import { expect, test } from 'vitest'
import { fireEvent, within } from '@testing-library/dom'
import { visit } from './harness'

const chatSite = (ui = {}) =>
  visit({
    vendors: [
      { id: 'stats', name: 'Stats Inc', purposes: ['analytics'], cookies: [] },
      { id: 'chat', preset: 'fakechat', purposes: ['livechat'] },
      { id: 'chatlog', name: 'Chat Log', purposes: ['livechat'], cookies: [] },
    ],
    ui,
  })

test('after Reject all, two clicks start the chat: the launcher, then Start chat', async () => {
  widget.length = 0
  const { ui, consent } = await chatSite()
  ui.getByRole('button', { name: 'Reject all' }).click()
  ui.getByRole('button', { name: 'Chat with us' }).click()
  const dialog = await ui.findByRole('dialog', { name: 'Start a chat' })
  expect(dialog.getAttribute('aria-modal')).toBe('true')
  expect(dialog.textContent).toContain('The chat is provided by FakeChat')
  expect(within(dialog).getByRole('link', { name: 'FakeChat privacy policy' }).getAttribute('href')).toBe(
    'https://fakechat.example/privacy',
  )
  expect(widget).toEqual([])
  within(dialog).getByRole('button', { name: 'Start chat' }).click()
  expect(widget).toEqual(['load', 'open'])
  expect(consent.record()).toMatchObject({ source: 'launcher', purposes: { livechat: true, analytics: false } })
  // Only the chat vendor: the other vendor of the chat purpose stays off.
  expect(consent.isGranted('chatlog')).toBe(false)
  await expect.poll(() => ui.queryByRole('button', { name: 'Chat with us' })).toBeNull()
})

test('Not now and Escape close the chat dialog without granting anything', async () => {
  const { ui, consent } = await chatSite()
  ui.getByRole('button', { name: 'Reject all' }).click()
  const launcher = ui.getByRole('button', { name: 'Chat with us' })
  launcher.focus()
  launcher.click()
  within(await ui.findByRole('dialog')).getByRole('button', { name: 'Not now' }).click()
  await expect.poll(() => ui.queryByRole('dialog')).toBeNull()
  launcher.click()
  fireEvent.keyDown(await ui.findByRole('dialog'), { key: 'Escape' })
  await expect.poll(() => ui.queryByRole('dialog')).toBeNull()
  expect(consent.isGranted('chat')).toBe(false)
  expect(consent.record()?.source).toBe('banner')
})

test('no launcher once the chat is granted, or when the manifest turns it off', async () => {
  const granted = await chatSite()
  granted.ui.getByRole('button', { name: 'Accept all' }).click()
  await expect.poll(() => granted.ui.queryByRole('button', { name: 'Chat with us' })).toBeNull()
  document.body.innerHTML = ''
  granted.consent.reset()
  const off = await chatSite({ launcher: false })
  expect(off.ui.getByRole('region')).toBeTruthy()
  expect(off.ui.queryByRole('button', { name: 'Chat with us' })).toBeNull()
})
