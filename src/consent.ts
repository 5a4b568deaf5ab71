import { atom, type ReadableAtom, type WritableAtom } from 'nanostores'
import type { Manifest, ManifestInput, ManifestResult } from './manifest'
import { manifestError } from './normalize'
import { createStorage, encode, newConsentId, type Decision, type Source, type Storage } from './storage'
import { createGate, neededIds, type Gate } from './gate'
import { forget } from './forget'
import { grantsOf } from './rules'
import { presets } from './presets/index'
import type { PresetContext } from './presets/preset'
import { gpcEnabled } from './integrations/gpc'
import { createGoogleConsentMode } from './integrations/google-consent-mode'
import { sendReceipt, type Receipt } from './integrations/receipts'
import { setScriptSrc } from './trusted-types'

export type { Source }

/**
 * The current consent state, as `$state` holds it and `consentry:change` carries it.
 * `purposes` and `vendors` say what is granted right now.
 */
export interface ConsentState {
  /** `loading` until the manifest is read; `error` when it is broken (nothing is granted). */
  status: 'loading' | 'ready' | 'error'
  /** A valid decision for this manifest version is stored. */
  decided: boolean
  /** The browser sends Global Privacy Control on this page view. */
  gpc: boolean
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
}

/** The stored decision (docs/reference.md §4 `record()`). */
export interface ConsentRecord {
  id: string
  version: number
  /** ISO 8601. */
  timestamp: string
  source: Source
  locale: string
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
}

/** Options of `createConsent`. */
export interface ConsentOptions {
  /** The visitor's language, recorded in receipts and used by the UI. Default: the manifest's `defaultLocale`. */
  locale?: string
  /** Activate `[data-consent]` markup of the page (docs/reference.md §2). Default: `true` where there is a document. */
  gate?: boolean
  /** CSP nonce given to every script consentry creates. */
  nonce?: string
}

/**
 * A consent manager instance: the same object as `window.consent` of the script tag.
 * No method throws; misuse is reported on the console with a `[consentry]` prefix.
 */
export interface Consent {
  /** Settles once the manifest is validated and the stored choice read; rejects with the validation errors. */
  ready: Promise<Consent>
  /**
   * A purpose or vendor id is granted right now.
   * @example if (consent.isGranted('analytics')) track()
   */
  isGranted(id: string): boolean
  /**
   * Runs `fn` now if `id` is granted, and again at each later change to granted.
   * @example const stop = consent.onGranted('analytics', () => startAnalytics())
   */
  onGranted(id: string, fn: () => void): () => void
  /**
   * Runs `fn` at each change of `id` from granted to denied.
   * @example consent.onRevoked('analytics', () => stopAnalytics())
   */
  onRevoked(id: string, fn: () => void): () => void
  /**
   * Runs `fn(state)` after every change of the decision: saved here, taken in another tab, or reset.
   * @example consent.onChange((state) => console.log(state.purposes))
   */
  onChange(fn: (state: ConsentState) => void): () => void
  /** Saves a decision granting every purpose. */
  acceptAll(): void
  /** Saves a decision denying every purpose that is not required. */
  rejectAll(): void
  /**
   * Saves a decision for the named purposes and vendors; the others keep their current value.
   * @example consent.set({ analytics: true, tawkto: false })
   */
  set(choices: Record<string, boolean>): void
  /** A valid decision for this manifest version is stored. */
  hasDecided(): boolean
  /** The stored decision, or `null` before the visitor decides. */
  record(): ConsentRecord | null
  /** Forgets the decision (the cookie is removed) and asks again. */
  reset(): void
  /** Shows the first layer. */
  showBanner(): void
  /** Opens the preferences dialog. */
  showPreferences(): void
  /** Closes the banner and the dialog without deciding. */
  hide(): void
  /** The current state as a nanostores store, for framework bindings. */
  $state: ReadableAtom<ConsentState>
}

/** Validates a manifest: the validator itself, or the script tag's cheaper way (browser.ts). @internal */
export type Check = (input: unknown) => ManifestResult | PromiseLike<ManifestResult>

/** @internal */
export interface InstanceOptions extends ConsentOptions {
  /** A fingerprint of the manifest's text, stored with decisions (see browser.ts). */
  fingerprint?: string
}

/** Which layer of the UI is wanted. @internal */
export type View = 'none' | 'banner' | 'preferences'

/** What the UI (and the script tag's loader) needs beyond the public API. @internal */
export interface ConsentInternals {
  consent: Consent
  manifest: Manifest | null
  locale: string
  nonce: string | undefined
  $view: WritableAtom<View>
  /** Blocked elements that asked for a contextual placeholder. */
  $placeholders: ReadableAtom<Element[]>
  /** Which purposes and vendors the visitor switched on, as the preferences dialog starts from. */
  choices(): { purposes: Record<string, boolean>; vendors: Record<string, boolean> }
  /** `set()` with a source. Only preferences, placeholders and the launcher may grant a GPC purpose. */
  choose(choices: Record<string, boolean>, source: Source): void
  acceptAll(source: Source): void
  rejectAll(source: Source): void
  /** Contextual consent (docs/reference.md §2): grants one vendor and its purposes, and no other vendor. */
  allow(vendorId: string, source: Source): void
  /** Loads and opens a vendor's widget (chat launcher), once it is granted. */
  open(vendorId: string): void
  /** Ids of the manifest's chat-widget vendors (presets with `chat`), for the launcher. */
  chat: string[]
  /** Stops watching the page and other tabs (tests; a page has one instance for its lifetime). */
  stop(): void
}

const registry = new WeakMap<Consent, ConsentInternals>()

/** The internals of an instance, for the UI. @internal */
export const internalsOf = (consent: Consent): ConsentInternals | undefined => registry.get(consent)

/** Sources that are an explicit, per-purpose act of the visitor (docs/reference.md §7 GPC). */
const EXPLICIT: Source[] = ['preferences', 'placeholder', 'launcher']

const report = (...args: unknown[]) => console.error('[consentry]', ...args)

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

/** Runs `fn` and reports what it throws, so nothing escapes into the host page (docs/reference.md §4). */
const guard =
  <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) =>
  (...args: A): R => {
    try {
      return fn(...args)
    } catch (error) {
      report(error)
      return fallback
    }
  }

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function'

/**
 * The instance behind `createConsent`, with the manifest check left to the caller, so that the
 * script tag need not carry the validator. @internal
 */
/* @__NO_SIDE_EFFECTS__ */
export function createInstance(
  manifest: ManifestInput | PromiseLike<unknown>,
  options: InstanceOptions,
  check: Check,
): Consent {
  const win = typeof window === 'undefined' ? undefined : window
  const doc = win?.document
  const gpc = gpcEnabled(win?.navigator)
  const $state = atom<ConsentState>({ status: 'loading', decided: false, gpc, purposes: {}, vendors: {} })
  const $view = atom<View>('none')
  const $placeholders = atom<Element[]>([])
  const granted = new Map<string, Set<() => void>>()
  const revoked = new Map<string, Set<() => void>>()
  const changed = new Set<(state: ConsentState) => void>()
  const loaded = new Set<string>()
  let current: Manifest | null = null
  let storage: Storage | null = null
  let decision: Decision | null = null
  let gate: Gate | null = null
  let gcm: ReturnType<typeof createGoogleConsentMode> | null = null
  let locale = options.locale ?? 'en'

  const isGranted = (id: string): boolean => {
    const { purposes, vendors } = $state.get()
    // Own entries only: `constructor`, `toString` or a polluted prototype is never a grant.
    return hasOwn(purposes, id) ? purposes[id]! : hasOwn(vendors, id) && vendors[id]!
  }

  /** What is granted for a decision (or none) on this page view. */
  const compute = (manifest: Manifest, from: Decision | null) => grantsOf(manifest, from, gpc)

  const fire = (listeners: Set<() => void> | undefined) => {
    for (const fn of [...(listeners ?? [])]) guard(fn, undefined)()
  }

  const presetContext = (): PresetContext => ({
    window: win as PresetContext['window'],
    document: doc!,
    script(src, attributes = {}) {
      const existing = Array.from(doc!.scripts).find((script) => script.getAttribute('src') === src)
      if (existing) return existing
      const script = doc!.createElement('script')
      for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value)
      if (options.nonce) script.nonce = options.nonce
      script.async = true
      setScriptSrc(script, src)
      doc!.head.appendChild(script)
      return script
    },
  })

  /** Moves to a new decision: state, events, presets, gated markup, Google, clean-up. */
  const apply = (next: Decision | null, { initial = false } = {}) => {
    const manifest = current!
    const before = $state.get()
    decision = next
    const { purposes, vendors } = compute(manifest, next)
    const state: ConsentState = { status: 'ready', decided: next !== null, gpc, purposes, vendors }
    $state.set(state)
    gcm?.update(isGranted)
    gate?.update()
    let lostSomething = false
    for (const [id, now] of [...Object.entries(purposes), ...Object.entries(vendors)]) {
      const was = before.purposes[id] ?? before.vendors[id] ?? false
      if (now && !was) fire(granted.get(id))
      if (!now && was) {
        lostSomething = true
        fire(revoked.get(id))
      }
    }
    for (const vendor of manifest.vendors) {
      const preset = vendor.preset ? presets[vendor.preset] : undefined
      if (vendors[vendor.id] && !before.vendors[vendor.id] && preset && doc) {
        // Loaded once per page; granted again after a revocation, the vendor is resumed instead.
        if (!loaded.has(vendor.id)) {
          loaded.add(vendor.id)
          guard(preset.load, undefined)(vendor.options, presetContext())
        } else if (preset.resume) guard(preset.resume, undefined)(vendor.options, presetContext())
      }
      if (!vendors[vendor.id] && before.vendors[vendor.id] && win) {
        if (preset?.shutdown && loaded.has(vendor.id)) guard(preset.shutdown, undefined)(vendor.options, presetContext())
        guard(forget, undefined)(vendor.cookies, vendor.storage, win)
      }
    }
    if (!initial) {
      for (const fn of [...changed]) guard(fn, undefined)(state)
      doc?.dispatchEvent(new CustomEvent('consentry:change', { detail: state }))
      if (lostSomething && manifest.reloadOnRevoke) win?.location.reload()
    }
  }

  /** Saves a decision built from the current choices and `change`, then applies it. */
  const decide = (
    change: (purposes: Set<string>, off: Set<string>) => void,
    source: Source,
  ): void => {
    if (!current || !storage) {
      if ($state.get().status === 'loading') consent.ready.then(() => decide(change, source), () => {})
      else report('no decision can be saved: the manifest is invalid')
      return
    }
    const { purposes: now } = $state.get()
    const purposes = new Set(current.purposes.filter((p) => now[p.id] && !p.required).map((p) => p.id))
    const off = new Set(decision?.off ?? [])
    change(purposes, off)
    if (gpc && !EXPLICIT.includes(source))
      for (const purpose of current.purposes) if (purpose.gpc && !now[purpose.id]) purposes.delete(purpose.id)
    const next: Decision = {
      id: decision?.id ?? newConsentId(),
      version: current.version,
      fingerprint: options.fingerprint ?? '',
      // To the second, as the cookie keeps it: the same record here as after a reload.
      timestamp: Math.floor(Date.now() / 1000) * 1000,
      source,
      locale,
      gpc,
      purposes: current.purposes.filter((p) => purposes.has(p.id) && !p.required).map((p) => p.id),
      off: current.vendors.filter((v) => off.has(v.id)).map((v) => v.id),
    }
    const saved = storage.write(next)
    // What the cookie holds is what every tab and the next page view get: this one too.
    if (saved !== next)
      report(
        'the decision is too large for a cookie; ' +
          (saved
            ? `it is stored shortened, granting less (purposes: ${saved.purposes.join(', ') || 'none'})`
            : 'it holds for this page view only'),
      )
    apply(saved ?? next)
    $view.set('none')
    channel?.postMessage('changed')
    if (current.log) sendReceipt(current.log.endpoint, receipt(saved ?? next), win!)
  }

  const receipt = (from: Decision): Receipt => ({ ...toRecord(from), url: win?.location.href ?? '', gpc: from.gpc })

  const toRecord = (from: Decision): ConsentRecord => {
    const { purposes, vendors } = compute(current!, from)
    return {
      id: from.id,
      version: from.version,
      timestamp: new Date(from.timestamp).toISOString(),
      source: from.source,
      locale: from.locale,
      purposes,
      vendors,
    }
  }

  const ids = () => new Set([...Object.keys($state.get().purposes), ...Object.keys($state.get().vendors)])

  const choose = (choices: Record<string, boolean>, source: Source) => {
    if (typeof choices !== 'object' || choices === null) return report('set() takes an object of id → boolean')
    decide((purposes, off) => {
      const known = ids()
      for (const [id, value] of Object.entries(choices)) {
        if (!known.has(id)) report(`set(): unknown purpose or vendor "${id}"`)
        else if (current!.purposes.some((p) => p.id === id)) value ? purposes.add(id) : purposes.delete(id)
        else value ? off.delete(id) : off.add(id)
      }
    }, source)
  }

  const acceptAll = (source: Source) =>
    decide((purposes, off) => {
      for (const purpose of current!.purposes) purposes.add(purpose.id)
      off.clear()
    }, source)

  const rejectAll = (source: Source) => decide((purposes) => purposes.clear(), source)

  const allow = (vendorId: string, source: Source) => {
    const vendor = current?.vendors.find((v) => v.id === vendorId)
    if (!vendor) return report(`unknown vendor "${vendorId}"`)
    const before = $state.get().vendors
    decide((purposes, off) => {
      for (const id of vendor.purposes) purposes.add(id)
      off.delete(vendor.id)
      // Exactly one more vendor becomes active: the others of those purposes stay as they were.
      for (const other of current!.vendors)
        if (other !== vendor && !before[other.id] && other.purposes.some((id) => vendor.purposes.includes(id)))
          off.add(other.id)
    }, source)
  }

  const open = (vendorId: string) => {
    const vendor = current?.vendors.find((v) => v.id === vendorId)
    const preset = vendor?.preset ? presets[vendor.preset] : undefined
    if (vendor && preset?.open && isGranted(vendorId)) guard(preset.open, undefined)(vendor.options, presetContext())
  }

  /** Embeds of a preset vendor (YouTube…) always get a placeholder and the preset's safer URL. */
  const prepareEmbed = (element: Element) => {
    for (const id of neededIds(element)) {
      const vendor = current!.vendors.find((v) => v.id === id)
      const embed = vendor?.preset ? presets[vendor.preset]!.embed : undefined
      const src = element.getAttribute('data-src')
      if (!embed || element.localName !== 'iframe') continue
      if (src) element.setAttribute('data-src', embed(src))
      if (!element.hasAttribute('data-consent-placeholder')) element.setAttribute('data-consent-placeholder', '')
    }
  }

  const subscribe = <T>(set: Set<T>, fn: T): (() => void) => {
    set.add(fn)
    return () => void set.delete(fn)
  }
  const listen = (map: Map<string, Set<() => void>>, id: string, fn: () => void) => {
    if (typeof fn !== 'function') {
      report('a listener must be a function')
      return () => {}
    }
    if (!map.has(id)) map.set(id, new Set())
    return subscribe(map.get(id)!, fn)
  }

  // Another tab decided (or reset): the cookie is the truth, read it again.
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('consentry') : null
  const reread = () => {
    if (!current || !storage) return
    const stored = storage.read()
    // Compared whole: two tabs deciding in the same second keep the same consent id and timestamp.
    if ((stored && encode(stored)) !== (decision && encode(decision))) apply(stored)
  }
  /**
   * Reads the cookie again; the banner follows: it asks for a decision this tab now has, or no
   * longer has. Another tab's write reaches this tab's cookies a little after its message may
   * (Chromium hands cookie writes to its network process asynchronously), so an unchanged cookie
   * is read again, `retries` times at most, 50 ms apart.
   */
  const follow = (retries: number) => {
    const before = decision
    reread()
    if (decision !== before) {
      if (!decision) $view.set('banner')
      else if ($view.get() === 'banner') $view.set('none')
    } else if (retries > 0) setTimeout(() => follow(retries - 1), 50)
  }
  if (channel) channel.onmessage = () => follow(10)
  const onVisible = () => doc!.visibilityState === 'visible' && follow(0)
  doc?.addEventListener('visibilitychange', onVisible)

  const start = (result: ManifestResult): Consent => {
    if (!result.ok) throw manifestError(result.issues)
    current = result.manifest
    locale = options.locale ?? current.defaultLocale
    internals.manifest = current
    internals.locale = locale
    storage = createStorage(current, win?.location ?? ({ protocol: 'https:' } as Location))
    if (current.googleConsentMode && win) gcm = createGoogleConsentMode(current.googleConsentMode, win)
    internals.chat = current.vendors.filter((v) => v.preset && presets[v.preset]!.chat).map((v) => v.id)
    if (doc && options.gate !== false) {
      gate = createGate(doc, isGranted, options.nonce, prepareEmbed)
      gate.$placeholders.subscribe((elements) => $placeholders.set([...elements]))
    }
    let stored = storage.read()
    // The same decision, now known valid for this text of the manifest: restamped so that the
    // next page views skip the validator again.
    if (stored && options.fingerprint && stored.fingerprint !== options.fingerprint)
      stored = storage.write({ ...stored, fingerprint: options.fingerprint }) ?? stored
    apply(stored, { initial: true })
    doc?.dispatchEvent(new CustomEvent('consentry:ready', { detail: $state.get() }))
    return consent
  }

  const consent: Consent = {
    ready: null as unknown as Promise<Consent>,
    isGranted: guard(isGranted, false),
    onGranted: guard((id: string, fn: () => void) => {
      const stop = listen(granted, id, fn)
      if (isGranted(id)) guard(fn, undefined)()
      return stop
    }, () => {}),
    onRevoked: guard((id: string, fn: () => void) => listen(revoked, id, fn), () => {}),
    onChange: guard(
      (fn: (state: ConsentState) => void) =>
        typeof fn === 'function' ? subscribe(changed, fn) : (report('a listener must be a function'), () => {}),
      () => {},
    ),
    acceptAll: guard(() => acceptAll('api'), undefined),
    rejectAll: guard(() => rejectAll('api'), undefined),
    set: guard((choices: Record<string, boolean>) => choose(choices, 'api'), undefined),
    hasDecided: () => decision !== null,
    record: guard(() => (decision && current ? toRecord(decision) : null), null),
    reset: guard(() => {
      if (!current || !storage) return
      storage.remove()
      apply(null)
      channel?.postMessage('changed')
      $view.set('banner')
    }, undefined),
    showBanner: () => $view.set('banner'),
    showPreferences: () => $view.set('preferences'),
    hide: () => $view.set('none'),
    $state,
  }

  const internals: ConsentInternals = {
    consent,
    manifest: null,
    locale,
    nonce: options.nonce,
    $view,
    $placeholders,
    choices: () => {
      const { purposes } = $state.get()
      return {
        purposes: { ...purposes },
        vendors: Object.fromEntries(current?.vendors.map((v) => [v.id, !decision?.off.includes(v.id)]) ?? []),
      }
    },
    choose: guard(choose, undefined),
    acceptAll: guard(acceptAll, undefined),
    rejectAll: guard(rejectAll, undefined),
    allow: guard(allow, undefined),
    open: guard(open, undefined),
    chat: [],
    stop() {
      gate?.stop()
      channel?.close()
      doc?.removeEventListener('visibilitychange', onVisible)
    },
  }
  registry.set(consent, internals)

  const failed = (error: any): never => {
    throw error?.issues ? error : manifestError([{ path: '(manifest)', message: `could not be loaded: ${error?.message ?? error}` }])
  }
  const run = (input: unknown): Consent | PromiseLike<Consent> => {
    const result = check(input)
    return isThenable(result) ? Promise.resolve(result).then(start, failed) : start(result)
  }
  // A manifest object is read at once, so `createConsent(m).acceptAll()` just works; a promise
  // (the script tag's fetch) is awaited.
  consent.ready = isThenable(manifest)
    ? Promise.resolve(manifest).then(run, failed)
    : new Promise((resolve) => resolve(run(manifest)))
  // Handled here, so a rejected `ready` never surfaces as an unhandled rejection (docs/reference.md §4).
  consent.ready.catch((error: Error) => {
    $state.set({ ...$state.get(), status: 'error' })
    // A manifest error's message carries the prefix already.
    report(String(error?.message ?? error).replace(/^\[consentry\] /, ''))
  })
  return consent
}
