import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { freshPage, withVendor } from './harness'

const maps = { id: 'maps', preset: 'google-maps', purposes: ['marketing'] }
const MAP = 'https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2!2d-0.12!3d51.5'

freshPage()

const embed = (src: string) => {
  document.body.insertAdjacentHTML('beforeend', `<iframe data-consent="maps" data-src="${src}"></iframe>`)
  return document.body.lastElementChild as HTMLIFrameElement
}

test('keeps the map out behind a placeholder until consent, then loads it unchanged', async () => {
  const frame = embed(MAP)
  const consent = createConsent(withVendor(maps))
  await consent.ready
  expect(frame.getAttribute('src')).toBeNull()
  expect(frame.hasAttribute('data-consent-placeholder')).toBe(true)
  consent.acceptAll()
  expect(frame.getAttribute('src')).toBe(MAP)
  expect(document.scripts).toHaveLength(0)
})

test('unloads the map on revocation and loads it again on a new grant', () => {
  const frame = embed(MAP)
  const consent = createConsent(withVendor(maps))
  consent.acceptAll()
  consent.rejectAll()
  expect(frame.getAttribute('src')).toBe('about:blank')
  consent.acceptAll()
  expect(frame.getAttribute('src')).toBe(MAP)
})

test('takes no options', () => {
  const result = validateManifest(withVendor({ ...maps, options: { key: 'AIza' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual(['vendors[0].options.key: unknown key "key"'])
})
