import { expect, test } from 'vitest'
import { within } from '@testing-library/dom'
import { uiRoot, visit } from './harness'
import { createConsent } from '../../src/index'
import { internalsOf } from '../../src/instance/consent'
import { mount } from '../../ui/mount'
import { placeholders } from '../../ui/placeholder'
import { manifest } from '../helpers'

const vendors = [
  { id: 'video', name: 'VideoCo', purposes: ['marketing'], privacyPolicy: 'https://video.example/privacy', cookies: [] },
  { id: 'adco', name: 'AdCo', purposes: ['marketing'], cookies: [] },
  { id: 'chatco', name: 'ChatCo', purposes: ['livechat'], cookies: [] },
]

const embed = (consent: string) => {
  const iframe = document.createElement('iframe')
  iframe.setAttribute('data-consent', consent)
  iframe.setAttribute('data-consent-placeholder', '')
  iframe.setAttribute('data-src', 'https://video.example/embed/1')
  document.body.appendChild(iframe)
  return iframe
}

test('a blocked embed gets a notice naming its vendor; allowing it grants exactly that vendor', async () => {
  const iframe = embed('video')
  const { consent } = await visit({ vendors })
  const notice = within((await uiRoot('consentry-placeholder')) as unknown as HTMLElement)
  expect(iframe.hidden).toBe(true)
  expect(iframe.previousElementSibling?.localName).toBe('consentry-placeholder')
  expect(notice.getByRole('group', { name: 'VideoCo' }).textContent).toContain('This content is provided by VideoCo')
  expect(notice.getByRole('link', { name: 'VideoCo privacy policy' }).getAttribute('href')).toBe('https://video.example/privacy')
  notice.getByRole('button', { name: 'Allow VideoCo' }).click()
  expect(consent.isGranted('video')).toBe(true)
  expect(consent.isGranted('adco')).toBe(false)
  expect(consent.record()?.source).toBe('placeholder')
  await expect.poll(() => document.querySelector('consentry-placeholder')).toBeNull()
  expect(iframe.hidden).toBe(false)
  expect(iframe.getAttribute('src')).toBe('https://video.example/embed/1')
})

test('an embed gated by a purpose names that purpose’s vendors', async () => {
  embed('livechat')
  await visit({ vendors })
  const notice = within((await uiRoot('consentry-placeholder')) as unknown as HTMLElement)
  expect(notice.getByRole('button', { name: 'Allow ChatCo' })).toBeTruthy()
  expect(notice.queryByRole('button', { name: /VideoCo|AdCo/ })).toBeNull()
})

test('a notice goes away when its element is granted another way', async () => {
  const iframe = embed('chatco')
  const { ui } = await visit({ vendors })
  await uiRoot('consentry-placeholder')
  ui.getByRole('button', { name: 'Accept all' }).click()
  await expect.poll(() => document.querySelector('consentry-placeholder')).toBeNull()
  expect(iframe.hidden).toBe(false)
})

test('an embed of a purpose without vendors names the purpose and allows just that purpose', async () => {
  embed('analytics')
  const { consent } = await visit({ vendors })
  const notice = within((await uiRoot('consentry-placeholder')) as unknown as HTMLElement)
  expect(notice.getByRole('group', { name: 'Analytics' }).textContent).toBe(
    'This content needs your consent to “Analytics”. Loading it may set cookies and share information about your visit.Allow Analytics',
  )
  notice.getByRole('button', { name: 'Allow Analytics' }).click()
  expect(consent.record()).toMatchObject({ source: 'placeholder', purposes: { analytics: true, marketing: false } })
})

// Through mount(), mountUI's own code path with its parts given here: an import() cannot be held back.
test('placeholders that arrive after the UI was removed show nothing', async () => {
  embed('video')
  const consent = createConsent(manifest({ vendors }))
  let arrive!: (value: { placeholders: typeof placeholders }) => void
  const unmount = mount(internalsOf(consent)!, Promise.resolve({}), {
    preferences: () => new Promise(() => {}),
    placeholders: () => new Promise((resolve) => (arrive = resolve)),
  })
  await uiRoot()
  expect(arrive, 'the placeholders were asked for').toBeTypeOf('function')
  unmount()
  arrive({ placeholders })
  await new Promise((done) => setTimeout(done, 0))
  expect(document.querySelector('consentry-placeholder')).toBeNull()
  expect(document.querySelector('consentry-ui')).toBeNull()
})
