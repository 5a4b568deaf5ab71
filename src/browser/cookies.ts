/**
 * The page's cookies as the loader first reads them (docs/architecture.md, Cookies). The first
 * read of `document.cookie` in a page view blocks the main thread on a synchronous request to the
 * browser's cookie store: 3–7 ms on a fast machine, more than the rest of the loader's start, and
 * from the script tag's place in `<head>` it holds up the parsing of the page. For an inline
 * manifest, which is read at DOMContentLoaded anyway, the loader asks the Cookie Store API, which
 * answers without blocking, where the browser has it (a secure context; Chromium 87, Safari 18.4,
 * Firefox 140), and reads `document.cookie` only when that answers late, fails or is missing.
 */

/** `document.cookie`, or '' in a document that may have no cookies (a sandboxed frame). @internal */
export const documentCookie = (): string => {
  try {
    return document.cookie
  } catch {
    return ''
  }
}

/**
 * Resolves to the page's cookies as `document.cookie` writes them (`a=1; b=2`): from the Cookie
 * Store API when the browser has it, else (or when that fails, or a page broke a built-in this
 * needs) from `document.cookie`. Never rejects.
 * @internal
 */
export const readCookies = (): Promise<string> => {
  try {
    return (globalThis as any).cookieStore
      .getAll()
      .then((cookies: { name: string; value: string }[]) => cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '))
      .then(undefined, documentCookie)
  } catch {
    return Promise.resolve(documentCookie())
  }
}
