import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createConsent } from '../src/index'
import { internalsOf } from '../src/instance/consent'
import { clearCookies, manifest } from './helpers'

declare global {
  interface Window {
    ran?: string[]
  }
}

const page = (html: string) => {
  document.body.innerHTML = html
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const $ = (selector: string) => document.querySelector(selector)

beforeEach(() => {
  clearCookies()
  window.ran = []
  localStorage.clear()
  sessionStorage.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

describe('scripts', () => {
  test('stay inert until their purpose is granted, then run once', async () => {
    page(`<script type="text/plain" data-consent="analytics">window.ran.push('analytics')</script>`)
    const consent = createConsent(manifest())
    await settle()
    expect(window.ran).toEqual([])
    consent.acceptAll()
    await settle()
    consent.rejectAll()
    consent.acceptAll()
    await settle()
    expect(window.ran).toEqual(['analytics'])
  })

  test('run in document order when activated together', async () => {
    page(`
      <script type="text/plain" data-consent="livechat">window.ran.push('first')</script>
      <script type="text/plain" data-consent="analytics">window.ran.push('second')</script>
      <script type="text/plain" data-consent="livechat">window.ran.push('third')</script>`)
    createConsent(manifest()).acceptAll()
    await vi.waitFor(() => expect(window.ran).toHaveLength(3))
    expect(window.ran).toEqual(['first', 'second', 'third'])
  })

  test('need every id they name', async () => {
    page(`<script type="text/plain" data-consent="analytics  livechat">window.ran.push('both')</script>`)
    const consent = createConsent(manifest())
    consent.set({ analytics: true })
    await settle()
    expect(window.ran).toEqual([])
    consent.set({ livechat: true })
    await vi.waitFor(() => expect(window.ran).toEqual(['both']))
  })

  test('can be gated by a vendor id', async () => {
    page(`<script type="text/plain" data-consent="stats">window.ran.push('stats')</script>`)
    const consent = createConsent(manifest())
    consent.set({ analytics: true, stats: false })
    await settle()
    expect(window.ran).toEqual([])
    consent.set({ stats: true })
    await vi.waitFor(() => expect(window.ran).toEqual(['stats']))
  })

  test('gated only by required purposes run at once, without a decision', async () => {
    page(`<script type="text/plain" data-consent="necessary">window.ran.push('necessary')</script>`)
    createConsent(manifest())
    await vi.waitFor(() => expect(window.ran).toEqual(['necessary']))
  })

  test('keep their attributes and data-type, and get the nonce', async () => {
    page(`<script type="text/plain" data-type="module" data-consent="analytics" id="s" data-x="1" src="/a.js" nonce="n0nce"></script>`)
    createConsent(manifest(), { nonce: 'n0nce' }).acceptAll()
    await vi.waitFor(() => expect($('script#s')?.getAttribute('type')).toBe('module'))
    const script = $('script#s') as HTMLScriptElement
    expect(script.getAttribute('src')).toBe('/a.js')
    expect(script.getAttribute('data-x')).toBe('1')
    expect(script.nonce).toBe('n0nce')
    expect(script.hasAttribute('data-consent')).toBe(false)
    expect(script.getAttribute('data-consent-active')).toBe('analytics')
  })

  test('take data-src as their source too', async () => {
    page(`<script type="text/plain" data-consent="analytics" id="s" data-src="/b.js"></script>`)
    createConsent(manifest()).acceptAll()
    await vi.waitFor(() => expect($('script#s')?.getAttribute('src')).toBe('/b.js'))
  })
})

describe('templates', () => {
  test('are replaced by their content, scripts included, when granted', async () => {
    page(`<template data-consent="livechat"><div id="chat">chat</div><script>window.ran.push('chat')</script></template>`)
    const consent = createConsent(manifest())
    await settle()
    expect($('#chat')).toBeNull()
    consent.acceptAll()
    await vi.waitFor(() => expect(window.ran).toEqual(['chat']))
    expect($('#chat')?.textContent).toBe('chat')
  })

  test('lose their content on revocation and do not run twice in a page view', async () => {
    page(`<template data-consent="livechat"><div id="chat">chat</div><script>window.ran.push('chat')</script></template>`)
    const consent = createConsent(manifest())
    consent.acceptAll()
    await vi.waitFor(() => expect(window.ran).toEqual(['chat']))
    consent.set({ livechat: false })
    expect($('#chat')).toBeNull()
    consent.set({ livechat: true })
    await settle()
    expect($('#chat')).toBeNull()
    expect(window.ran).toEqual(['chat'])
  })
})

describe('embeds, images, media and links', () => {
  test('get their real sources when granted and are unloaded on revocation', async () => {
    page(`
      <iframe data-consent="marketing" data-src="https://video.example/embed/1"></iframe>
      <img data-consent="marketing" data-src="https://px.example/p.gif" data-srcset="https://px.example/p2.gif 2x">
      <video data-consent="marketing"><source data-src="https://cdn.example/v.mp4"></video>
      <link data-consent="marketing" rel="stylesheet" data-href="https://fonts.example/f.css">`)
    const consent = createConsent(manifest())
    const iframe = $('iframe')!
    const img = $('img')!
    expect(iframe.hasAttribute('src')).toBe(false)
    consent.acceptAll()
    expect(iframe.getAttribute('src')).toBe('https://video.example/embed/1')
    expect(img.getAttribute('src')).toBe('https://px.example/p.gif')
    expect(img.getAttribute('srcset')).toBe('https://px.example/p2.gif 2x')
    expect($('source')!.getAttribute('src')).toBe('https://cdn.example/v.mp4')
    expect($('link')!.getAttribute('href')).toBe('https://fonts.example/f.css')
    consent.rejectAll()
    expect(iframe.getAttribute('src')).toBe('about:blank')
    expect(img.hasAttribute('src')).toBe(false)
    expect(img.hasAttribute('srcset')).toBe(false)
    expect($('source')!.hasAttribute('src')).toBe(false)
    expect($('link')!.hasAttribute('href')).toBe(false)
    consent.acceptAll()
    expect(iframe.getAttribute('src')).toBe('https://video.example/embed/1')
  })
})

describe("consentry's nonce (docs/reference.md, Content Security Policy)", () => {
  const refusals = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls.map((args) => args.join(' ')).filter((line) => line.startsWith('[consentry] no nonce'))

  test('gated scripts run only with the same nonce; each refused one is reported once, naming it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    page(`
      <script type="text/plain" data-consent="necessary" nonce="n0nce">window.ran.push('site, required')</script>
      <script type="text/plain" data-consent="necessary">window.ran.push('injected, required')</script>
      <script type="text/plain" data-consent="analytics" nonce="n0nce">window.ran.push('site, optional')</script>
      <script type="text/plain" data-consent="analytics" nonce="other">window.ran.push('wrong nonce')</script>
      <script type="text/plain" data-consent="analytics" src="/injected.js"></script>`)
    const consent = createConsent(manifest(), { nonce: 'n0nce' })
    await vi.waitFor(() => expect(window.ran).toEqual(['site, required']))
    consent.acceptAll()
    await vi.waitFor(() => expect(window.ran).toEqual(['site, required', 'site, optional']))
    consent.rejectAll()
    consent.acceptAll()
    await settle()
    expect(window.ran).toEqual(['site, required', 'site, optional'])
    expect(Array.from(document.querySelectorAll('script[data-consent-active]'), (script) => script.textContent)).toEqual([
      "window.ran.push('site, required')",
      "window.ran.push('site, optional')",
    ])
    expect(document.querySelectorAll('script[type="text/plain"][data-consent]')).toHaveLength(3)
    const lines = refusals(error)
    expect(lines).toHaveLength(3)
    expect(lines).toEqual([
      "[consentry] no nonce, inert: window.ran.push('injected, required')",
      "[consentry] no nonce, inert: window.ran.push('wrong nonce')",
      '[consentry] no nonce, inert: /injected.js',
    ])
  })

  test('scripts inside a gated template and scripts added later follow the same rule', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    page(`<template data-consent="livechat"><p id="chat">chat</p><script nonce="n0nce">window.ran.push('site template')</script><script>window.ran.push('injected template')</script></template>`)
    const consent = createConsent(manifest(), { nonce: 'n0nce' })
    consent.acceptAll()
    await vi.waitFor(() => expect(window.ran).toEqual(['site template']))
    const late = document.createElement('div')
    late.innerHTML = `<script type="text/plain" data-consent="analytics">window.ran.push('injected later')</script>`
    const site = document.createElement('script')
    site.type = 'text/plain'
    site.setAttribute('data-consent', 'analytics')
    site.setAttribute('nonce', 'n0nce')
    site.text = `window.ran.push('site later')`
    document.body.append(late, site)
    await vi.waitFor(() => expect(window.ran).toEqual(['site template', 'site later']))
    await settle()
    expect($('#chat')?.textContent).toBe('chat')
    expect(window.ran).toEqual(['site template', 'site later'])
    expect(refusals(error)).toEqual([
      "[consentry] no nonce, inert: window.ran.push('injected template')",
      "[consentry] no nonce, inert: window.ran.push('injected later')",
    ])
  })

  test('without a nonce, gated scripts run as written, nonce or not', async () => {
    const error = vi.spyOn(console, 'error')
    page(`
      <script type="text/plain" data-consent="analytics">window.ran.push('plain')</script>
      <script type="text/plain" data-consent="analytics" nonce="any">window.ran.push('with one')</script>`)
    createConsent(manifest()).acceptAll()
    await vi.waitFor(() => expect(window.ran).toEqual(['plain', 'with one']))
    expect(error).not.toHaveBeenCalled()
  })
})

describe('swapped URLs (docs/reference.md, Content Security Policy)', () => {
  test('javascript: and data: URLs are never swapped in, and each is reported once', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    page(`
      <iframe data-consent="marketing" data-src="javascript:window.ran.push('iframe')"></iframe>
      <a id="link" href="#" data-consent="marketing" data-href=" JaVa&#9;Script:window.ran.push('link')">link</a>
      <iframe id="data" data-consent="marketing" data-src="data:text/html,<script>parent.ran.push('data')</script>"></iframe>
      <img data-consent="marketing" data-src="/ok.gif" data-srcset="&#10;DATA:image/gif;base64,R0lGODlhAQABAAAAACw= 1x">
      <iframe id="ok" data-consent="marketing" data-src="https://video.example/embed/1"></iframe>`)
    const consent = createConsent(manifest())
    consent.acceptAll()
    expect($('iframe')!.hasAttribute('src')).toBe(false)
    expect($('#link')!.getAttribute('href')).toBe('#')
    consent.rejectAll()
    consent.acceptAll()
    expect($('iframe')!.getAttribute('src')).toBe('about:blank')
    expect($('#link')!.getAttribute('href')).toBe('#')
    expect($('#data')!.getAttribute('src')).toBe('about:blank')
    expect($('img')!.getAttribute('src')).toBe('/ok.gif')
    expect($('img')!.hasAttribute('srcset')).toBe(false)
    expect($('#ok')!.getAttribute('src')).toBe('https://video.example/embed/1')
    expect(error.mock.calls).toEqual([
      ['[consentry] unsafe URL, inert:', 'data-src', "javascript:window.ran.push('iframe')"],
      ['[consentry] unsafe URL, inert:', 'data-href', " JaVa\tScript:window.ran.push('link')"],
      ['[consentry] unsafe URL, inert:', 'data-src', "data:text/html,<script>parent.ran.push('data')</script>"],
      ['[consentry] unsafe URL, inert:', 'data-srcset', '\nDATA:image/gif;base64,R0lGODlhAQABAAAAACw= 1x'],
    ])
    expect(window.ran).toEqual([])
  })
})

describe('elements added later', () => {
  test('are activated without any call from the site', async () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    const wrapper = document.createElement('div')
    wrapper.innerHTML = `<img data-consent="analytics" data-src="/late.gif"><script type="text/plain" data-consent="analytics">window.ran.push('late')</script>`
    document.body.appendChild(wrapper)
    await vi.waitFor(() => expect(window.ran).toEqual(['late']))
    expect($('img')!.getAttribute('src')).toBe('/late.gif')
  })

  test('are found among the text and comments added with them, at any depth', async () => {
    createConsent(manifest()).acceptAll()
    const fragment = document.createDocumentFragment()
    const nested = document.createElement('section')
    nested.innerHTML = `text<!-- note --><p><img data-consent="analytics" data-src="/deep.gif"></p>`
    const top = document.createElement('img')
    top.setAttribute('data-consent', 'analytics')
    top.setAttribute('data-src', '/top.gif')
    fragment.append('before', document.createComment('between'), top, nested, 'after')
    document.body.append(fragment)
    document.body.append('a text node alone', document.createComment('a comment alone'))
    await vi.waitFor(() =>
      expect(Array.from(document.querySelectorAll('img'), (img) => img.getAttribute('src'))).toEqual(['/top.gif', '/deep.gif']),
    )
  })

  test('stay inert while not granted', async () => {
    createConsent(manifest()).set({ analytics: true })
    page(`<img data-consent="marketing" data-src="/late.gif">`)
    await settle()
    expect($('img')!.hasAttribute('src')).toBe(false)
  })

  test('that ask for a placeholder are listed while blocked', async () => {
    const consent = createConsent(manifest())
    page(`<iframe data-consent="marketing" data-consent-placeholder data-src="/v"></iframe><iframe data-consent="marketing" data-src="/w"></iframe>`)
    await settle()
    const placeholders = internalsOf(consent)!.$placeholders
    expect(placeholders.get()).toEqual([$('iframe')])
    consent.acceptAll()
    expect(placeholders.get()).toEqual([])
  })

  test('are left alone when gating is switched off', async () => {
    page(`<img data-consent="analytics" data-src="/x.gif">`)
    createConsent(manifest(), { gate: false }).acceptAll()
    await settle()
    expect($('img')!.hasAttribute('src')).toBe(false)
  })
})

describe('revocation', () => {
  const setCookies = (...names: string[]) => {
    for (const name of names) document.cookie = `${name}=1; path=/`
  }
  const cookieNames = () =>
    document.cookie
      .split('; ')
      .map((c) => c.split('=')[0])
      .filter(Boolean)
      .sort()

  test('deletes the vendor’s declared cookies, by name and pattern, and its storage keys', () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    setCookies('st_id', 'st_s_1', 'st_s_2', 'st_other', 'ad_id', 'mine')
    localStorage.setItem('st_cache', 'x')
    localStorage.setItem('keep', 'x')
    sessionStorage.setItem('st_cache', 'x')
    consent.set({ analytics: false })
    expect(cookieNames()).toEqual(['ad_id', 'consentry', 'mine', 'st_other'])
    expect(localStorage.getItem('st_cache')).toBeNull()
    expect(sessionStorage.getItem('st_cache')).toBeNull()
    expect(localStorage.getItem('keep')).toBe('x')
  })

  test('deletes nothing when the vendor was never granted', () => {
    const consent = createConsent(manifest())
    setCookies('st_id')
    consent.rejectAll()
    expect(cookieNames()).toContain('st_id')
  })

  test('reloads the page when the manifest says so', () => {
    const reload = vi.fn()
    vi.spyOn(window, 'location', 'get').mockReturnValue({ hostname: 'localhost', pathname: '/', reload } as never)
    const consent = createConsent(manifest({ reloadOnRevoke: true }))
    consent.acceptAll()
    expect(reload).not.toHaveBeenCalled()
    consent.set({ marketing: false })
    expect(reload).toHaveBeenCalledTimes(1)
  })

  test('does not reload when nothing was revoked', () => {
    const reload = vi.fn()
    vi.spyOn(window, 'location', 'get').mockReturnValue({ hostname: 'localhost', pathname: '/', reload } as never)
    const consent = createConsent(manifest({ reloadOnRevoke: true }))
    consent.rejectAll()
    consent.set({ analytics: true })
    expect(reload).not.toHaveBeenCalled()
  })
})
