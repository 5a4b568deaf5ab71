/**
 * A proof-of-consent receipt (docs/reference.md §7): what was chosen, when, where and in which
 * language, whether the browser sent Global Privacy Control, and the visitor's region when the
 * manifest has regions.
 */
export interface Receipt {
  id: string
  version: number
  timestamp: string
  source: string
  locale: string
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
  url: string
  gpc: boolean
  region?: string
}

const warn = (endpoint: string) => console.warn('[consentry] the consent receipt could not be sent to', endpoint)

/**
 * Sends a receipt once, with `navigator.sendBeacon`, or a keepalive `fetch` when the beacon is
 * refused or throws. The body is `text/plain`, a CORS-safelisted type, so that a collector on
 * another origin gets no preflight (docs/reference.md §7, Proof of consent). Never retries and never
 * throws: the decision is already saved in the cookie, and a failing endpoint must not turn every
 * visitor's click into a storm of requests.
 * @internal
 */
export const sendReceipt = (endpoint: string, receipt: Receipt, window: Window): void => {
  let body: string | undefined
  try {
    body = JSON.stringify(receipt)
    if (window.navigator.sendBeacon?.(endpoint, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return
  } catch {
    // A beacon that throws (a URL it refuses, a page that replaced it) falls back to fetch below.
  }
  if (body === undefined) return warn(endpoint)
  try {
    window
      .fetch(endpoint, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8' } })
      .catch(() => warn(endpoint))
  } catch {
    warn(endpoint)
  }
}
