import { describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { hosts, offSite, ready, record, visitor } from './examples-site'
import { EXAMPLES_COLLECTOR } from './server'
import { BUILDS, browser, onBuild, site, useSite } from './harness'

// The example sites as a visitor meets them, on the built dist/consentry.js, every vendor faked.
// The flows where the auto-blocking build's observer meets the example's own tags (vendors loaded
// once, held until a decision, cleaned up on revocation, views inserted later, a new manifest
// version, Consent Mode's order) run on dist/consentry-autoblock.js too.

useSite()

const banner = (page: Page) => page.getByRole('region', { name: 'Your privacy choices' })
/** The preferences dialog; it comes from a chunk of its own, so wait for it before reading it. */
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Cookie settings' })
const cookieNames = async (page: Page) => (await page.context().cookies()).map((cookie) => cookie.name).sort()
const globals = (page: Page, names: string[]) =>
  page.evaluate((names) => names.filter((name) => name in window), names)

const SEVEN_VENDORS = [
  'https://connect.facebook.net/en_US/fbevents.js',
  'https://static.hotjar.com/c/hotjar-3712468.js?sv=6',
  'https://www.googletagmanager.com/gtag/js?id=G-S7RETAIL24',
]

describe('24SEVEN', () => {
  test('a first visit shows the banner, runs only the shop’s own script, and reaches no vendor', async () => {
    const { page, requested, errors, close } = await visitor(browser, site)
    await page.goto(site.url + '/24seven/')
    await ready(page)
    await banner(page).waitFor()
    expect(await banner(page).getByRole('listitem').allTextContents()).toEqual([
      'Deliver, fix and enhance',
      'Security and regulatory',
      'Customer journey',
      'Analytics',
      'Communications and surveys',
      'Marketing',
    ])
    await page.waitForLoadState('networkidle')
    expect(await offSite(page)).toEqual([])
    expect(requested).toEqual([])
    expect(await globals(page, ['gtag', 'hj', 'fbq', 'hotjarRan'])).toEqual([])
    expect(await page.locator('#survey').count()).toBe(0)
    expect(await cookieNames(page)).toEqual(['s7_session']) // required: the shop runs at once
    expect(await record(page)).toBeNull()
    // The reopen button waits for a decision; it would cover the banner's buttons on small screens.
    expect(await page.locator('consentry-reopen button').isVisible()).toBe(false)
    expect(errors).toEqual([])
    await close()
  })

  test.for(BUILDS)('Accept all loads each vendor once and shows the survey, on %s', async (build) => {
    onBuild(build)
    const { page, requested, errors, close } = await visitor(browser, site)
    await page.goto(site.url + '/24seven/')
    await ready(page)
    // Nothing before the decision: the first visit's promise, on the auto-blocking build too.
    await page.waitForLoadState('networkidle')
    expect(requested).toEqual([])
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await expect.poll(() => requested.length).toBe(3)
    expect([...requested].sort()).toEqual(SEVEN_VENDORS)
    await page.locator('#survey').waitFor()
    expect(await banner(page).count()).toBe(0)
    expect(await record(page)).toMatchObject({
      source: 'banner',
      purposes: { service: true, security: true, journey: true, analytics: true, communications: true, marketing: true },
    })
    expect(errors).toEqual([])
    await close()
  })

  test('Reject all activates nothing and keeps every vendor away', async () => {
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/24seven/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Reject all' }).click()
    expect(await offSite(page)).toEqual([])
    expect(requested).toEqual([])
    expect(await page.locator('#survey').count()).toBe(0)
    expect(await record(page)).toMatchObject({
      source: 'banner',
      purposes: { service: true, security: true, journey: false, analytics: false, communications: false, marketing: false },
    })
    // The floating button is built from its chunk once the page has loaded: it shows, whenever that is.
    await page.locator('consentry-reopen button').waitFor()
    await close()
  })

  test('Customize saves exactly the switches that were toggled', async () => {
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/24seven/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Customize' }).click()
    const switches = dialog(page)
    await switches.getByRole('switch', { name: 'Analytics', exact: true }).click()
    await switches.getByRole('switch', { name: 'Communications and surveys', exact: true }).click()
    expect(
      await switches.getByRole('switch', { name: 'Analytics', exact: true }).getAttribute('aria-checked'),
    ).toBe('true')
    await switches.getByRole('button', { name: 'Save choices' }).click()
    expect(await record(page)).toMatchObject({
      source: 'preferences',
      purposes: { service: true, security: true, journey: false, analytics: true, communications: true, marketing: false },
      vendors: { shop: true, hotjar: false, ga4: true, surveys: true, meta: false },
    })
    await page.locator('#survey').waitFor()
    expect(await offSite(page)).toEqual(['https://www.googletagmanager.com/gtag/js?id=G-S7RETAIL24'])
    await expect.poll(() => requested).toEqual(['https://www.googletagmanager.com/gtag/js?id=G-S7RETAIL24'])
    await close()
  })

  test.for(BUILDS)('a returning visitor gets no banner and no UI code, and the decision is applied again, on %s', async (build) => {
    onBuild(build)
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/24seven/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Customize' }).click()
    await dialog(page).getByRole('switch', { name: 'Customer journey', exact: true }).click()
    await dialog(page).getByRole('button', { name: 'Save choices' }).click()
    // The grant's own request is awaited before the list is emptied, or it may land after the reload.
    await expect.poll(() => requested).toEqual(['https://static.hotjar.com/c/hotjar-3712468.js?sv=6'])
    const own: string[] = []
    page.on('request', (request) => request.url().startsWith(site.url) && own.push(new URL(request.url()).pathname))
    requested.length = 0
    await page.reload()
    await ready(page)
    await page.waitForLoadState('networkidle')
    expect(own.filter((path) => /consentry-(ui|first|check)\.js$/.test(path))).toEqual([])
    expect(await page.locator('consentry-ui').count()).toBe(0)
    expect(await offSite(page)).toEqual(['https://static.hotjar.com/c/hotjar-3712468.js?sv=6'])
    await expect.poll(() => requested).toEqual(['https://static.hotjar.com/c/hotjar-3712468.js?sv=6'])
    expect(await page.evaluate(() => (window as any).consent.isGranted('journey'))).toBe(true)
    expect(await page.evaluate(() => (window as any).consent.isGranted('analytics'))).toBe(false)
    await close()
  })

  test.for(BUILDS)('revoking in Cookie settings deletes the vendors’ cookies and storage and removes the survey, on %s', async (build) => {
    onBuild(build)
    const { page, close } = await visitor(browser, site)
    await page.goto(site.url + '/24seven/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.getByRole('button', { name: 'Add to basket' }).first().click()
    await page.getByRole('button', { name: 'Good' }).click()
    await page.waitForFunction(() => (window as any).hotjarRan && (window as any).googleRan && (window as any).fbqCalls)
    expect(await cookieNames(page)).toEqual([
      '_fbp',
      '_ga',
      '_hjSessionUser_3712468',
      'consentry_24seven',
      's7_basket',
      's7_session',
      's7_survey',
    ])
    const storage = () =>
      page.evaluate(() => ['_hjSession_3712468', 's7_survey_answers'].filter((key) => localStorage.getItem(key) !== null))
    expect(await storage()).toEqual(['_hjSession_3712468', 's7_survey_answers'])

    await page.getByRole('contentinfo').getByRole('link', { name: 'Cookie settings' }).click()
    for (const name of ['Customer journey', 'Analytics', 'Communications and surveys'])
      await dialog(page).getByRole('switch', { name, exact: true }).click()
    await dialog(page).getByRole('button', { name: 'Save choices' }).click()
    // The clean-up of the revoked vendors finishes once its chunk is in.
    await page.evaluate(() => (window as any).consent.cleanedUp())

    expect(await cookieNames(page)).toEqual(['_fbp', 'consentry_24seven', 's7_basket', 's7_session'])
    expect(await storage()).toEqual([])
    expect(await page.locator('#survey').count()).toBe(0)
    expect(page.url()).toBe(site.url + '/24seven/') // the footer link's own navigation is prevented
    await close()
  })

  test('Global Privacy Control keeps marketing denied when everything else is accepted', async () => {
    const { context, page, requested, close } = await visitor(browser, site)
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
    )
    await page.goto(site.url + '/24seven/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    expect((await record(page)).purposes).toEqual({
      service: true,
      security: true,
      journey: true,
      analytics: true,
      communications: true,
      marketing: false,
    })
    expect(hosts(await offSite(page))).toEqual(['static.hotjar.com', 'www.googletagmanager.com'])
    await expect.poll(() => hosts(requested)).toEqual(['static.hotjar.com', 'www.googletagmanager.com'])
    await page.getByRole('button', { name: 'Cookie settings' }).click()
    await dialog(page).waitFor()
    expect(await dialog(page).getByText('Global Privacy Control').isVisible()).toBe(true)
    await page.reload()
    await ready(page)
    expect(await page.evaluate(() => (window as any).consent.isGranted('meta'))).toBe(false)
    await close()
  })
})

describe('B2B Services', () => {
  test('shows agreements and legal obligations as required, and monitors usage only after consent', async () => {
    const { page, close } = await visitor(browser, site)
    await page.goto(site.url + '/b2b/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Customize' }).click()
    await dialog(page).waitFor()
    const required = dialog(page).getByRole('switch', { disabled: true })
    expect(await required.count()).toBeGreaterThanOrEqual(2)
    for (const name of ['Agreements', 'Legal obligations']) {
      const toggle = dialog(page).getByRole('switch', { name, exact: true })
      expect([await toggle.getAttribute('aria-checked'), await toggle.isDisabled()]).toEqual(['true', true])
    }
    expect(await page.evaluate(() => (window as any).b2bUsage)).toBeUndefined()
    await dialog(page).getByRole('switch', { name: 'Usage monitoring', exact: true }).click()
    await dialog(page).getByRole('button', { name: 'Save choices' }).click()
    await page.waitForFunction(() => (window as any).b2bUsage?.views === 1)
    expect(await cookieNames(page)).toEqual(['b2b_usage_id', 'consentry_b2b'])
    await close()
  })

  test.for(BUILDS)('a new manifest version asks again and activates nothing until the visitor decides, on %s', async (build) => {
    onBuild(build)
    const { page, close } = await visitor(browser, site)
    await page.goto(site.url + '/b2b/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as any).b2bUsage)
    const manifest = await (await fetch(site.url + '/b2b/consent.json')).json()
    site.override('/b2b/consent.json', { ...manifest, version: manifest.version + 1 })
    await page.reload()
    await ready(page)
    await banner(page).waitFor()
    expect(await page.evaluate(() => [(window as any).consent.hasDecided(), (window as any).b2bUsage])).toEqual([
      false,
      undefined,
    ])
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as any).b2bUsage)
    expect((await record(page)).version).toBe(manifest.version + 1)
    await close()
  })

  test('a decision taken in one tab applies in the other without a reload', async () => {
    const { context, page, close } = await visitor(browser, site)
    const other = await context.newPage()
    for (const tab of [page, other]) {
      await tab.goto(site.url + '/b2b/')
      await ready(tab)
      await banner(tab).waitFor()
    }
    await other.evaluate(() => ((window as any).sameDocument = true))
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await other.waitForFunction(() => (window as any).b2bUsage?.views === 1)
    await banner(other).waitFor({ state: 'detached' })
    expect(await other.evaluate(() => (window as any).sameDocument)).toBe(true)
    await page.getByRole('button', { name: 'Cookie settings' }).click()
    await dialog(page).getByRole('button', { name: 'Reject all' }).click()
    await other.waitForFunction(() => !(window as any).consent.isGranted('monitoring'))
    await close()
  })
})

describe('The Chat Center', () => {
  const CHATS = ['embed.tawk.to', 'v2.zopim.com']

  test.for(BUILDS)('the chat launcher asks just in time, then loads and opens exactly one chat, on %s', async (build) => {
    onBuild(build)
    const { page, requested, errors, close } = await visitor(browser, site)
    await page.goto(site.url + '/chat-center/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Reject all' }).click()
    await page.getByRole('button', { name: 'Chat with us' }).click()
    const ask = page.getByRole('dialog', { name: 'Start a chat' })
    expect(await ask.getByText('Zendesk Chat').first().isVisible()).toBe(true)
    expect(requested).toEqual([])
    await ask.getByRole('button', { name: 'Start chat' }).click()
    await page.waitForFunction(() => (window as any).zopimCalls?.includes('window.show'))
    expect(hosts(requested)).toEqual(['v2.zopim.com'])
    expect((await record(page)).vendors).toMatchObject({ zendesk: true, tawkto: false, google: false })
    expect(errors).toEqual([])
    await close()
  })

  test('lists every processor of the policy, and Accept all starts both chats', async () => {
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/chat-center/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Customize' }).click()
    await dialog(page).waitFor()
    const names = await dialog(page).locator('li strong').allTextContents()
    expect([...new Set(names)].sort()).toEqual([
      'Amazon Data Services Ireland Ltd',
      'Amazon Web Services',
      'Cloudflare, Inc.',
      'DigitalOcean',
      'GoodData Corporation',
      'Google Analytics',
      'Smooch Technologies Inc.',
      'The Chat Center suggestions',
      'Twilio',
      'Zendesk Chat',
      'tawk.to',
    ])
    await dialog(page).getByRole('button', { name: 'Accept all' }).click()
    await expect.poll(() => hosts(requested)).toEqual([...CHATS, 'www.googletagmanager.com'])
    await page.waitForFunction(() => (window as any).tawkCalls && (window as any).zopimCalls)
    await page.getByRole('heading', { name: 'You may also like' }).waitFor()
    await close()
  })

  test.for(BUILDS)('the newsletter form waits behind a placeholder that allows just that purpose, on %s', async (build) => {
    onBuild(build)
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/chat-center/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Reject all' }).click()
    expect(await page.getByRole('form', { name: 'Newsletter' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Allow Newsletter' }).click()
    await page.getByRole('form', { name: 'Newsletter' }).waitFor()
    expect(await record(page)).toMatchObject({
      source: 'placeholder',
      purposes: { newsletter: true, livechat: false, analytics: false, recommendations: false },
    })
    expect(requested).toEqual([])
    await close()
  })

  test('speaks Romanian on the page with <html lang="ro">, whatever the browser’s language', async () => {
    const { page, close } = await visitor(browser, site, { locale: 'en-US' })
    await page.goto(site.url + '/chat-center/ro/')
    await ready(page)
    const region = page.getByRole('region', { name: 'Opțiunile dumneavoastră de confidențialitate' })
    await region.waitFor()
    expect(await region.getByRole('listitem').allTextContents()).toEqual([
      'Serviciile noastre și contractul dumneavoastră',
      'Funcționarea și protecția site-ului',
      'Chat live',
      'Analiză',
      'Recomandări pentru dumneavoastră',
      'Newsletter',
    ])
    expect(await page.getByRole('button', { name: 'Discutați cu noi' }).isVisible()).toBe(true)
    await region.getByRole('button', { name: 'Respingeți toate' }).click()
    expect((await record(page)).locale).toBe('ro')
    await close()
  })
})

describe('Registratura electronică', () => {
  test('is in Romanian by default, with Romanian purposes and buttons', async () => {
    const { page, close } = await visitor(browser, site, { locale: 'en-US' })
    await page.goto(site.url + '/registratura/')
    await ready(page)
    const region = page.getByRole('region', { name: 'Opțiunile dumneavoastră de confidențialitate' })
    await region.waitFor()
    expect(await region.getByRole('listitem').allTextContents()).toEqual([
      'Furnizarea serviciilor',
      'Îmbunătățirea produselor',
      'Personalizare',
      'Comunicări',
      'Publicitate',
    ])
    await region.getByRole('button', { name: 'Personalizați' }).click()
    const settings = page.getByRole('dialog', { name: 'Setări cookie-uri' })
    await settings.getByRole('switch', { name: 'Comunicări', exact: true }).click()
    await settings.getByRole('button', { name: 'Salvați opțiunile' }).click()
    await page.waitForFunction(() => (window as any).reCampaign === 'direct')
    expect(await record(page)).toMatchObject({ locale: 'ro', purposes: { communications: true, advertising: false } })
    // The video stays behind its placeholder, in Romanian.
    expect(await page.getByRole('button', { name: 'Permiteți YouTube' }).isVisible()).toBe(true)
    await close()
  })

  test.for(BUILDS)('Google Consent Mode: the default is in the dataLayer before gtag.js is requested, the update follows, on %s', async (build) => {
    onBuild(build)
    const { context, page, close } = await visitor(browser, site)
    const atRequest: unknown[][] = []
    await context.route('https://www.googletagmanager.com/**', async (route) => {
      const commands = await route
        .request()
        .frame()
        .evaluate(() => (window as any).dataLayer.map((entry: IArguments) => `${entry[0]} ${entry[1]}`))
      atRequest.push(commands)
      await route.fallback()
    })
    await page.goto(site.url + '/registratura/')
    await ready(page)
    expect(await page.evaluate(() => (window as any).dataLayer.map((entry: IArguments) => Array.from(entry)))).toEqual([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'denied',
          functionality_storage: 'denied',
          personalization_storage: 'denied',
          security_storage: 'granted',
          wait_for_update: 500,
        },
      ],
      ['set', 'ads_data_redaction', true],
    ])
    await page.getByRole('button', { name: 'Acceptați toate' }).first().click()
    await page.waitForFunction(() => (window as any).googleSaw)
    const saw = (await page.evaluate(() => (window as any).googleSaw)) as unknown[][]
    expect(saw.slice(0, 4)).toEqual([
      ['consent', 'default', expect.objectContaining({ analytics_storage: 'denied', ad_storage: 'denied' })],
      ['set', 'ads_data_redaction', true],
      [
        'consent',
        'update',
        {
          analytics_storage: 'granted',
          personalization_storage: 'granted',
          ad_storage: 'granted',
          ad_user_data: 'granted',
          ad_personalization: 'granted',
        },
      ],
      ['set', 'ads_data_redaction', false],
    ])
    // gtag.js and the page's own gated inline script are fetched and run independently, so the
    // page's event may or may not already be queued when gtag.js runs; it never precedes the preset.
    expect(saw.slice(4, 6).map((entry) => entry[0])).toEqual(['js', 'config'])
    expect([[], [['event', 'view_home', { language: 'ro' }]]]).toContainEqual(saw.slice(6))
    expect(atRequest[0]!.slice(0, 3)).toEqual(['consent default', 'set ads_data_redaction', 'consent update'])

    // A returning visitor: the default still comes first, and the stored choice right after it.
    await page.reload()
    await page.waitForFunction(() => (window as any).googleSaw)
    const again = (await page.evaluate(() => (window as any).googleSaw)) as unknown[][]
    expect(again.map((entry) => `${entry[0]} ${entry[1]}`).slice(0, 3)).toEqual([
      'consent default',
      'set ads_data_redaction',
      'consent update',
    ])
    await close()
  })
})

describe('the single-page app', () => {
  test.for(BUILDS)('gated content that views insert later waits for consent, then activates on every view, on %s', async (build) => {
    onBuild(build)
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/spa/#/usage')
    await ready(page)
    await page.getByRole('heading', { name: 'Usage this month' }).waitFor()
    expect(await page.evaluate(() => (window as any).b2bUsage)).toBeUndefined()
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as any).b2bUsage?.views === 1)

    await page.getByRole('link', { name: 'Help' }).click()
    const video = page.getByTitle('Approving a payroll run')
    await expect.poll(() => video.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0')
    await page.getByRole('link', { name: 'Usage' }).click()
    await page.waitForFunction(() => (window as any).b2bUsage?.views === 2)
    // The frame asks for its page once it has its src: wait for that request, then none other.
    await expect.poll(() => requested).toEqual(['https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0'])
    await close()
  })

  test.for(BUILDS)('a video inserted later gets its placeholder, and the footer link that arrives late opens the settings, on %s', async (build) => {
    onBuild(build)
    const { page, requested, close } = await visitor(browser, site)
    await page.goto(site.url + '/spa/')
    await ready(page)
    await banner(page).getByRole('button', { name: 'Reject all' }).click()
    await page.getByRole('link', { name: 'Help' }).click()
    await page.getByRole('button', { name: 'Allow YouTube' }).click()
    await expect.poll(() => requested).toEqual(['https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0'])
    expect(await record(page)).toMatchObject({ source: 'placeholder', purposes: { videos: true, monitoring: false } })
    await page.getByRole('contentinfo').getByRole('link', { name: 'Cookie settings' }).click()
    await dialog(page).waitFor()
    await close()
  })
})

test.each([
  ['/24seven/', 3],
  ['/b2b/', 0],
  ['/chat-center/', 3],
  ['/registratura/', 3],
  ['/spa/#/help', 1],
])('offline, the vendors of %s fail to load quietly after Accept all (%i of them)', async (path, count) => {
  const { context, page, errors, close } = await visitor(browser, site)
  const failed: string[] = []
  // Every vendor host is unreachable; the receipt still reaches the (faked) collector.
  await context.route(
    (url) => url.host !== new URL(site.url).host && url.origin !== EXAMPLES_COLLECTOR,
    (route) => (failed.push(route.request().url()), route.abort('namenotresolved')),
  )
  page.on('requestfailed', (request) => failed.push(`failed ${request.url()}`))
  await page.goto(site.url + path)
  await ready(page)
  await page.getByRole('region').getByRole('button').first().click() // Accept all, in any language
  await page.waitForFunction(() => (window as any).consent.hasDecided())
  // Each vendor request is aborted, then reported failed to the page.
  await expect.poll(() => failed.length).toBe(count * 2)
  await page.evaluate(() => (window as any).consent.isGranted('x'))
  expect(errors).toEqual([])
  await close()
})
