import { afterEach, expect, test, vi } from 'vitest'
import { createConsent, type Consent } from '../src/index'
import { mountUI } from '../ui/index'
import { clearCookies, manifest } from './helpers'

// What a React, Next.js or Vue developer meets first with createConsent (docs/reference.md §4 and
// §11): the queue snippet on an instance, a vendor granted by naming it alone, and a word on the
// console when the UI they asked for is not there.

afterEach(() => {
  clearCookies()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

const withVideos = () =>
  manifest({
    purposes: [
      { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
      { id: 'videos', title: 'Videos', description: 'Plays videos.' },
    ],
    vendors: [
      { id: 'youtube', preset: 'youtube', purposes: ['videos'] },
      { id: 'vimeo', preset: 'vimeo', purposes: ['videos'] },
    ],
  })

test('push(fn) calls fn with the instance once it is ready, and reports what is not a function', async () => {
  const consent = createConsent(manifest())
  const got = await new Promise<Consent>((resolve) => consent.push(resolve))
  expect(got).toBe(consent)
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  consent.push('nope' as never)
  expect(error).toHaveBeenCalledWith('[consentry]', 'push() takes a function')
})

test('set({ youtube: true }) grants YouTube alone and runs the markup gated by it, whatever its purpose\'s other vendor does', async () => {
  document.body.innerHTML = `<script type="text/plain" data-consent="youtube">window.tubeRan = true</script>
    <script type="text/plain" data-consent="vimeo">window.vimeoRan = true</script>`
  const consent = createConsent(withVideos())
  await consent.ready
  consent.set({ youtube: true })
  expect([consent.isGranted('youtube'), consent.isGranted('vimeo'), consent.hasDecided()]).toEqual([true, false, true])
  await new Promise((resolve) => setTimeout(resolve, 0))
  expect([(window as any).tubeRan, (window as any).vimeoRan]).toEqual([true, undefined])
  // Naming the purpose too grants it with every vendor, as before.
  consent.set({ videos: true, vimeo: true })
  expect([consent.isGranted('youtube'), consent.isGranted('vimeo')]).toEqual([true, true])
})

test('set() naming an unknown id says so on the console and saves the rest', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const consent = createConsent(withVideos())
  await consent.ready
  consent.set({ youtub: true, youtube: true })
  expect(error).toHaveBeenCalledWith('[consentry]', 'set(): unknown purpose or vendor "youtub"')
  expect(consent.isGranted('youtube')).toBe(true)
})

test('showBanner() and showPreferences() without a UI say what to do; with mountUI they do not', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const consent = createConsent(manifest())
  consent.showBanner()
  consent.showPreferences()
  expect(error.mock.calls.map((call) => call.join(' '))).toEqual([
    expect.stringMatching(/^\[consentry\] showBanner\(\) shows nothing: no UI is mounted\. Call mountUI\(consent\) from consentry\/ui/),
    expect.stringMatching(/^\[consentry\] showPreferences\(\) shows nothing: no UI is mounted/),
  ])
  error.mockClear()
  const unmount = mountUI(consent)
  consent.showPreferences()
  expect(error).not.toHaveBeenCalled()
  unmount()
})

test('mountUI where there is no document does nothing and throws nothing, then or later', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const consent = createConsent(manifest())
  vi.stubGlobal('document', undefined)
  try {
    const unmount = mountUI(consent)
    await consent.ready
    await new Promise((resolve) => setTimeout(resolve, 0))
    unmount()
  } finally {
    vi.unstubAllGlobals()
  }
  expect(error).not.toHaveBeenCalled()
})
