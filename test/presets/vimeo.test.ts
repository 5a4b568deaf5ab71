import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { freshPage, withVendor } from './harness'

const vimeo = { id: 'vimeo', preset: 'vimeo', purposes: ['marketing'] }

freshPage()

const embed = (src: string) => {
  document.body.insertAdjacentHTML('beforeend', `<iframe data-consent="vimeo" data-src="${src}"></iframe>`)
  return document.body.lastElementChild as HTMLIFrameElement
}

test('keeps the player out behind a placeholder until consent, then loads it with dnt=1', async () => {
  const frame = embed('https://player.vimeo.com/video/76979871?h=8272103f6e')
  const consent = createConsent(withVendor(vimeo))
  await consent.ready
  expect(frame.getAttribute('src')).toBeNull()
  expect(frame.hasAttribute('data-consent-placeholder')).toBe(true)
  consent.acceptAll()
  expect(frame.getAttribute('src')).toBe('https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1')
  expect(document.scripts).toHaveLength(0)
})

test('sets dnt=1 on every player address, replacing any dnt, and leaves other addresses alone', () => {
  const frames = [
    'https://player.vimeo.com/video/1',
    'https://player.vimeo.com/video/2?dnt=0&autoplay=1#t=30s',
    'http://player.vimeo.com/video/3?DNT=false',
    'https://vimeo.com/4',
    'https://player.example/video/5',
  ].map(embed)
  createConsent(withVendor(vimeo)).acceptAll()
  expect(frames.map((frame) => frame.getAttribute('src'))).toEqual([
    'https://player.vimeo.com/video/1?dnt=1',
    'https://player.vimeo.com/video/2?autoplay=1&dnt=1#t=30s',
    'http://player.vimeo.com/video/3?dnt=1',
    'https://vimeo.com/4',
    'https://player.example/video/5',
  ])
})

test('unloads the player on revocation', () => {
  const frame = embed('https://player.vimeo.com/video/1')
  const consent = createConsent(withVendor(vimeo))
  consent.acceptAll()
  consent.rejectAll()
  expect(frame.getAttribute('src')).toBe('about:blank')
})

test('takes no options', () => {
  const result = validateManifest(withVendor({ ...vimeo, options: { videoId: '1' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual(['vendors[0].options.videoId: unknown key "videoId"'])
})
