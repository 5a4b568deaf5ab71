import { afterEach, beforeEach, vi } from 'vitest'
import type { ManifestInput, VendorInput } from '../../src/index'
import { clearCookies, manifest } from '../helpers'

/** A manifest whose only vendor is `vendor`, as a site owner writes it. */
export const withVendor = (vendor: VendorInput, overrides: Partial<ManifestInput> = {}): ManifestInput =>
  manifest({ vendors: [vendor], ...overrides })

/** `<script>` elements of the page whose `src` points at `host`. */
export const scriptsFrom = (host: string): HTMLScriptElement[] =>
  Array.from(document.scripts).filter((script) => {
    const src = script.getAttribute('src')
    return src !== null && new URL(src, location.href).host === host
  })

/**
 * Calls `snapshot(script)` at the moment a script element is appended to the page, so a test can
 * see what was set up before the vendor's code could run.
 */
export const onScriptAppended = (snapshot: (script: HTMLScriptElement) => void) => {
  const append = document.head.appendChild.bind(document.head)
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement) snapshot(node)
    return append(node)
  })
}

/** Sets a cookie on the test page, as a vendor's script would. */
export const setCookie = (name: string) => {
  document.cookie = `${name}=1; path=/; max-age=3600`
}

export const cookieNames = (): string[] =>
  document.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean)

/**
 * A fresh page for every test: no consent cookie, no vendor script or global, empty storage.
 * Cross-tab sync is switched off so that instances of earlier tests stay out of later ones.
 */
export const freshPage = (...globals: string[]) => {
  beforeEach(() => {
    vi.stubGlobal('BroadcastChannel', undefined)
    clearCookies()
    localStorage.clear()
    sessionStorage.clear()
    for (const script of Array.from(document.scripts)) script.remove()
    document.body.replaceChildren()
    for (const name of globals) delete (window as any)[name]
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })
}
