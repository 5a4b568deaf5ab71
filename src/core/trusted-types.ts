/**
 * Trusted Types (W3C Trusted Types §4): under `require-trusted-types-for 'script'` a script's
 * `src` and text accept only trusted values. consentry makes them through its own policy,
 * `consentry`, created on first use and only where the browser has Trusted Types; a site that
 * lists its allowed policies adds `trusted-types consentry`. The policy is never exposed: only
 * what consentry itself loads goes through it — its chunks, the presets' vendor scripts and the
 * page's own gated scripts.
 */

interface Policy {
  createScript(text: string): unknown
  createScriptURL(url: string): unknown
}

let policy: Policy | null | undefined

const trusted = (): Policy | null => {
  if (policy !== undefined) return policy
  policy = null
  const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } }).trustedTypes
  try {
    if (factory)
      policy = factory.createPolicy('consentry', { createScript: (text) => text, createScriptURL: (url) => url })
  } catch (error) {
    // The page's `trusted-types` directive leaves consentry out; plain strings still work where
    // Trusted Types are not enforced.
    console.error('[consentry] add "consentry" to the trusted-types directive of the Content-Security-Policy:', error)
  }
  return policy
}

/** `script.src = url`, through the policy where there is one. @internal */
export const setScriptSrc = (script: HTMLScriptElement, url: string): void => {
  script.src = (trusted()?.createScriptURL(url) ?? url) as string
}

/** `script.text = text`, through the policy where there is one. @internal */
export const setScriptText = (script: HTMLScriptElement, text: string): void => {
  script.text = (trusted()?.createScript(text) ?? text) as string
}
