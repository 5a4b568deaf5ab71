/**
 * Cross-tab sync (docs/reference.md §5): a decision in one tab reaches the others through a
 * `BroadcastChannel`, and every tab reads the cookie again when it becomes visible.
 */

/** @internal */
export interface TabSync {
  /** Tells the other tabs that the cookie changed. */
  post(): void
  stop(): void
}

/**
 * Calls `follow` when another tab says it decided, and when this tab becomes visible. `follow`
 * reads the cookie again and answers whether the decision changed. Another tab's write reaches
 * this tab's cookies a little after its message may (Chromium hands cookie writes to its network
 * process asynchronously), so an unchanged cookie is read again, 10 times at most, 50 ms apart.
 * @internal
 */
export const syncTabs = (document: Document | undefined, follow: () => boolean): TabSync => {
  // Only in a page: a channel opened during server-side rendering would keep Node running.
  const channel = document && typeof BroadcastChannel === 'function' ? new BroadcastChannel('consentry') : null
  const retry = (retries: number) => {
    if (!follow() && retries > 0) setTimeout(() => retry(retries - 1), 50)
  }
  if (channel) channel.onmessage = () => retry(10)
  const onVisible = () => document!.visibilityState === 'visible' && retry(0)
  document?.addEventListener('visibilitychange', onVisible)
  return {
    post: () => channel?.postMessage('changed'),
    stop() {
      channel?.close()
      document?.removeEventListener('visibilitychange', onVisible)
    },
  }
}
