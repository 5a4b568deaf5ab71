import { expect, test } from 'vitest'
import { browser, site, useSite } from './harness'

// The script tag's instance, dist/consentry.js, as a page's own code uses it (docs/reference.md
// §1 and §4): the queue snippet after the loader ran, and a vendor granted by naming it alone.

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'videos', title: 'Videos', description: 'Plays videos.' },
  ],
  vendors: [
    { id: 'youtube', preset: 'youtube', purposes: ['videos'] },
    { id: 'vimeo', preset: 'vimeo', purposes: ['videos'] },
  ],
}

const PAGE = `<!doctype html><html lang="en"><head>
<script async src="/dist/consentry.js" data-manifest="/consent.json"></script>
</head><body>
<script type="text/plain" data-consent="youtube">window.ran = (window.ran || []).concat('youtube')</script>
<script type="text/plain" data-consent="vimeo">window.ran = (window.ran || []).concat('vimeo')</script>
<script type="text/plain" data-consent="videos">window.ran = (window.ran || []).concat('videos')</script>
</body></html>`

useSite((request, response) => {
  const { pathname } = new URL(request.url!, 'http://x')
  if (pathname === '/consent.json') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST))
  else if (pathname === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
  else return false
  return true
})

const open = async () => {
  const context = await browser.newContext()
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.goto(site.url)
  await page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')
  return { page, errors, close: () => context.close() }
}

test('window.consent.push(fn) calls fn with the instance after an async script tag ran, as before it', async () => {
  const { page, errors, close } = await open()
  const pushed = await page.evaluate(
    () =>
      new Promise((resolve) => {
        // The queue snippet, run once the instance is in place.
        const queue = ((window as any).consent = (window as any).consent || [])
        queue.push((consent: any) => resolve([consent === (window as any).consent, typeof consent.isGranted]))
      }),
  )
  expect(pushed).toEqual([true, 'function'])
  expect(errors).toEqual([])
  await close()
})

test('set({ youtube: true }) grants YouTube alone and runs the markup gated by data-consent="youtube"', async () => {
  const { page, errors, close } = await open()
  await page.evaluate(() => (window as any).consent.set({ youtube: true }))
  await page.waitForFunction(() => (window as any).ran?.includes('youtube'))
  const state = await page.evaluate(() => {
    const consent = (window as any).consent
    return { youtube: consent.isGranted('youtube'), vimeo: consent.isGranted('vimeo'), decided: consent.hasDecided() }
  })
  expect(state).toEqual({ youtube: true, vimeo: false, decided: true })
  // The same after a reload: the decision stored is the one that was taken.
  await page.reload()
  await page.waitForFunction(() => (window as any).ran?.includes('youtube'))
  expect(await page.evaluate(() => [(window as any).consent.isGranted('youtube'), (window as any).ran.includes('vimeo')])).toEqual([true, false])
  expect(errors).toEqual([])
  await close()
})
