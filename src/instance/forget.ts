import Cookies from 'js-cookie'
import { matcher } from '../core/cookie-names'
import type { CookieSpec } from '../core/types'

/** `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com` (never a bare TLD). */
const parentDomains = (hostname: string): string[] => {
  const labels = hostname.split('.')
  return labels.length < 2 || /^[\d.]+$/.test(hostname)
    ? []
    : labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'))
}

/** `/shop/cart/item` → `/`, `/shop`, `/shop/cart`, `/shop/cart/item`. */
const parentPaths = (pathname: string): string[] => {
  const parts = pathname.split('/').filter(Boolean)
  return ['/', ...parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'))]
}

/**
 * Deletes a vendor's declared cookies and storage keys (docs/reference.md §2 revocation). A cookie can only be
 * deleted with the domain and path it was set with, which a page cannot read, so every domain and
 * path where it can live is tried, as well as the ones the manifest names. `pathname` is the page
 * the vendor was revoked on, when a later page view finishes its clean-up.
 * @internal
 */
export const forget = (cookies: CookieSpec[], storageKeys: string[], window: Window, pathname = window.location.pathname): void => {
  const { hostname } = window.location
  const present = Object.keys(Cookies.get())
  for (const spec of cookies) {
    const matches = matcher(spec.name)
    const domains = [undefined, ...parentDomains(hostname), ...(spec.domain ? [spec.domain] : [])]
    const paths = [...parentPaths(pathname), ...(spec.path ? [spec.path] : [])]
    for (const name of present.filter(matches))
      for (const domain of domains)
        for (const path of paths) Cookies.remove(name, { path, ...(domain && { domain }) })
  }
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    let storage: Storage
    try {
      storage = window[area]
    } catch {
      continue // storage disabled by the browser: nothing could have been written there
    }
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)!)
    for (const key of storageKeys) for (const found of keys.filter(matcher(key))) storage.removeItem(found)
  }
}
