/**
 * The vendor lifecycle (docs/reference.md §2 and §7): a preset vendor is loaded when it becomes
 * granted, resumed when it is granted again on the same page, shut down through its own API when
 * it is revoked, and its cookies and storage are forgotten.
 */
import type { Manifest, Vendor } from '../core/types'
import { presetOf, type Presets, type PresetContext } from '../presets/preset'
import { setScriptSrc } from '../core/trusted-types'
import { guard, neededIds } from '../core/util'

/**
 * Whether the browser runs `script`: no `type` or a JavaScript one (`module`, `text/javascript`,
 * `application/x-ecmascript`…), and consentry's nonce when it has one.
 */
const runnable = (script: HTMLScriptElement, nonce: string | undefined): boolean =>
  /^(|module|.*(java|ecma)script)$/i.test(script.type.trim()) && (nonce === undefined || script.nonce === nonce)

/** @internal */
export type Vendors = ReturnType<typeof createVendors>

/**
 * The vendors of one instance. `forget` deletes a revoked vendor's cookies and storage.
 * @internal
 */
export const createVendors = (
  presets: Presets,
  nonce: string | undefined,
  forget: (vendor: Vendor, window: Window, refused: () => boolean) => void,
  granted: (id: string) => boolean,
) => {
  const win = typeof window === 'undefined' ? undefined : window
  const loaded = new Set<string>()

  const context = (): PresetContext => ({
    window: win as PresetContext['window'],
    document: win!.document,
    script(src, attributes = {}) {
      const doc = win!.document
      // The page's own tag for the same script counts as this one only if it can run: inert
      // markup written by someone else must not keep the vendor from loading.
      const existing = Array.from(doc.scripts).find((script) => script.getAttribute('src') === src && runnable(script, nonce))
      if (existing) return existing
      const script = doc.createElement('script')
      for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value)
      if (nonce) script.nonce = nonce
      script.async = true
      setScriptSrc(script, src)
      doc.head.appendChild(script)
      return script
    },
  })

  /** Starts what became granted and stops what was revoked; each vendor is loaded once per page. */
  const sync = (manifest: Manifest, before: Record<string, boolean>, now: Record<string, boolean>) => {
    if (!win) return
    for (const vendor of manifest.vendors) {
      const preset = presetOf(presets, vendor)
      if (now[vendor.id] && !before[vendor.id] && preset) {
        if (!loaded.has(vendor.id)) {
          loaded.add(vendor.id)
          guard(preset.load, undefined)(vendor.options, context())
        } else if (preset.resume) guard(preset.resume, undefined)(vendor.options, context())
      }
      if (!now[vendor.id] && before[vendor.id]) {
        if (preset?.shutdown && loaded.has(vendor.id)) guard(preset.shutdown, undefined)(vendor.options, context())
        guard(forget, undefined)(vendor, win, () => !granted(vendor.id))
      }
    }
  }

  /** Loads and opens a vendor's widget (chat launcher); the caller checks that it is granted. */
  const open = (vendor: Vendor) => {
    const preset = presetOf(presets, vendor)
    if (preset?.open) guard(preset.open, undefined)(vendor.options, context())
  }

  /** Embeds of a preset vendor (YouTube…) always get a placeholder and the preset's safer URL. */
  const prepareEmbed = (manifest: Manifest, element: Element) => {
    for (const id of neededIds(element)) {
      const embed = presetOf(presets, manifest.vendors.find((v) => v.id === id))?.embed
      const src = element.getAttribute('data-src')
      if (!embed || element.localName !== 'iframe') continue
      if (src) element.setAttribute('data-src', embed(src))
      if (!element.hasAttribute('data-consent-placeholder')) element.setAttribute('data-consent-placeholder', '')
    }
  }

  /** Ids of the manifest's chat-widget vendors, for the launcher. */
  const chat = (manifest: Manifest): string[] =>
    manifest.vendors.filter((vendor) => presetOf(presets, vendor)?.chat).map((vendor) => vendor.id)

  return { sync, open, prepareEmbed, chat }
}
