/** A proof-of-consent receipt (docs/reference.md §7): what was chosen, when, where and in which language. */
export interface Receipt {
  id: string
  version: number
  timestamp: string
  source: string
  locale: string
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
  url: string
}

/**
 * Sends a receipt once, with `navigator.sendBeacon` (or a keepalive `fetch` where beacons are
 * refused). Never retries and never throws: the decision is already saved in the cookie, and a
 * failing endpoint must not turn every visitor's click into a storm of requests.
 * @internal
 */
export const sendReceipt = (endpoint: string, receipt: Receipt, window: Window): void => {
  try {
    const body = JSON.stringify(receipt)
    if (window.navigator.sendBeacon?.(endpoint, new Blob([body], { type: 'application/json' }))) return
    window
      .fetch(endpoint, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } })
      .catch(() => console.warn('[consentry] the consent receipt could not be sent to', endpoint))
  } catch {
    console.warn('[consentry] the consent receipt could not be sent to', endpoint)
  }
}
