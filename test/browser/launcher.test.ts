import { expect, test } from 'vitest'
import { browser, site, useSite } from './harness'

/** A chat site with one chat vendor, as The Chat Center would run it with either widget. */
const manifest = (vendor: object) => ({
  version: 1,
  policyUrl: '/privacy',
  controller: 'The Chat Center',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    { id: 'livechat', title: 'Live chat', description: 'Talk to us.' },
  ],
  vendors: [vendor],
})

const CHATS = [
  {
    name: 'tawk.to',
    vendor: { id: 'tawkto', preset: 'tawkto', purposes: ['livechat'], options: { propertyId: '5e8f1b2c3d4e5f6a7b8c9d0e', widgetId: '1hip0aq93' } },
    host: 'embed.tawk.to',
    // Defines what the widget would and logs what the preset asks of it.
    fake: `(function (api) {
      window.chatCalls = []
      api.maximize = function () { window.chatCalls.push('maximize') }
      api.onLoaded = true
      if (api.onLoad) api.onLoad()
    })(window.Tawk_API)`,
    opened: ['maximize'],
  },
  {
    name: 'Zendesk',
    vendor: { id: 'zendesk', preset: 'zendesk-messaging', purposes: ['livechat'], options: { key: '01234567-89ab-cdef-0123-456789abcdef' } },
    host: 'static.zdassets.com',
    fake: `window.chatCalls = []; window.zE = function () { window.chatCalls.push([].slice.call(arguments).join(' ')) }`,
    opened: ['messenger:set cookies functional', 'messenger open'],
  },
]

useSite((request, response) => {
  const chat = CHATS.find((chat) => request.url === `/${chat.vendor.id}`)
  if (!chat) return false
  response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js"></script>
<script type="application/json" id="consentry-manifest">${JSON.stringify(manifest(chat.vendor))}</script>
</head><body><main><h1>Support</h1></main></body></html>`)
  return true
})

test.each(CHATS)(
  'a visitor who rejected everything starts the $name chat in two clicks, and it loads only then',
  async ({ vendor, host, fake, opened }) => {
    const page = await browser.newPage()
    const requested: string[] = []
    await page.route(
      (url) => url.host !== new URL(site.url).host,
      (route) => {
        const url = new URL(route.request().url())
        requested.push(url.host)
        return route.fulfill({ contentType: 'text/javascript', body: url.host === host ? fake : '' })
      },
    )
    await page.goto(`${site.url}/${vendor.id}`)
    await page.getByRole('button', { name: 'Reject all' }).click()
    const launcher = page.getByRole('button', { name: 'Chat with us' })
    await launcher.click()
    const dialog = page.getByRole('dialog', { name: 'Start a chat' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(requested).toEqual([])

    await dialog.getByRole('button', { name: 'Start chat' }).click()
    await page.waitForFunction((calls) => (window as any).chatCalls?.length === calls, opened.length)
    expect(await page.evaluate(() => (window as any).chatCalls)).toEqual(opened)
    expect(requested).toEqual([host])
    expect(await page.evaluate(() => (window as any).consent.record())).toMatchObject({
      source: 'launcher',
      purposes: { livechat: true, analytics: false },
    })
    await expect.poll(() => launcher.count()).toBe(0)
    await page.close()
  },
)
