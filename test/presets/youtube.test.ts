import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { freshPage, withVendor } from './harness'

const youtube = { id: 'youtube', preset: 'youtube', purposes: ['marketing'] }

freshPage()

const embed = (src: string) => {
  document.body.insertAdjacentHTML('beforeend', `<iframe data-consent="youtube" data-src="${src}"></iframe>`)
  return document.body.lastElementChild as HTMLIFrameElement
}

test('keeps the player out until consent, then loads it from youtube-nocookie.com', async () => {
  const frame = embed('https://www.youtube.com/embed/abc123?start=30&rel=0')
  const consent = createConsent(withVendor(youtube))
  await consent.ready
  expect(frame.getAttribute('src')).toBeNull()
  expect(frame.hasAttribute('data-consent-placeholder')).toBe(true)
  consent.acceptAll()
  expect(frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/abc123?start=30&rel=0')
  expect(document.scripts).toHaveLength(0)
})

test('moves every youtube.com embed address to privacy-enhanced mode and leaves others alone', async () => {
  const frames = [
    'https://youtube.com/embed/a',
    'http://m.youtube.com/embed/b?list=x#t',
    'https://www.youtube-nocookie.com/embed/c',
    'https://www.youtube.com/watch?v=d',
    'https://player.example/embed/e',
  ].map(embed)
  const consent = createConsent(withVendor(youtube))
  consent.acceptAll()
  expect(frames.map((frame) => frame.getAttribute('src'))).toEqual([
    'https://www.youtube-nocookie.com/embed/a',
    'https://www.youtube-nocookie.com/embed/b?list=x#t',
    'https://www.youtube-nocookie.com/embed/c',
    'https://www.youtube.com/watch?v=d',
    'https://player.example/embed/e',
  ])
})

test('unloads the player on revocation', () => {
  const frame = embed('https://www.youtube.com/embed/abc123')
  const consent = createConsent(withVendor(youtube))
  consent.acceptAll()
  consent.rejectAll()
  expect(frame.getAttribute('src')).toBe('about:blank')
})

test('takes no options', () => {
  const result = validateManifest(withVendor({ ...youtube, options: { videoId: 'x' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual(['vendors[0].options.videoId: unknown key "videoId"'])
})
