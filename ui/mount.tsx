import { render } from 'preact'
import type { ConsentInternals } from '../src/instance/consent'
import { App, type Ui } from './app'
import type { Choices, PreferencesView } from './preferences'
import type { placeholders } from './placeholder'
import { createHost } from './host'
import { focusInto } from './dialog'
import { scrollPadding } from './scroll-padding'
import { localize, translator } from './texts'
import { report } from '../src/core/util'


/** The focused element, inside shadow roots too (the floating button, our own buttons). */
const deepActive = (): HTMLElement | null => {
  let element = document.activeElement
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement
  return element === document.body ? null : (element as HTMLElement | null)
}

/**
 * Where the parts of the UI that the banner does without come from, asked for the first time each
 * is needed (docs/architecture.md, "Later, on the same page"): an `import()` for bundlers
 * (ui/index.ts), a chunk for the script tag (ui/browser.ts):
 * - `preferences`: the dialog (`consentry-prefs.js`), with the strings only it shows: its English,
 *   then the visitor's locale file for them;
 * - `placeholders`: the placeholders of blocked embeds (`consentry-placeholders.js`).
 * @internal
 */
export interface UiParts {
  preferences: () => PromiseLike<{ Preferences: PreferencesView; strings: unknown[] }>
  placeholders: () => PromiseLike<Placeholders>
}
/** @internal */
export interface Placeholders {
  placeholders: typeof placeholders
}
/**
 * A part of the UI that comes later: the getter asks for it the first time and returns it once it
 * is there, when `arrived` runs with it; a part that does not come goes to `failed`, and is asked
 * for again the next time.
 */
const part = <T,>(source: () => PromiseLike<T>, arrived: (value: T) => void, failed: (error: unknown) => void) => {
  let value: T | undefined
  let asked = false
  return (): T | undefined => {
    if (!asked) {
      asked = true
      source().then(
        (came) => arrived((value = came)),
        (error: unknown) => {
          asked = false
          failed(error)
        },
      )
    }
    return value
  }
}

/** A dialog that does not come is reported and closed, back to the banner if there is no decision. */
const dialogFailed = (internals: ConsentInternals) => (error: unknown) => {
  report(error)
  internals.$view.set(internals.consent.hasDecided() ? 'none' : 'banner')
}

/**
 * WAI-ARIA dialog pattern: focus moves into a dialog as a render opens it, and back to where it was
 * when one closes it — or, if that element lost focus meanwhile (the floating button hides while
 * the dialog is open), to the last element focused on the page.
 */
const dialogFocus = (root: ParentNode) => {
  let returnTo: HTMLElement | null = null
  /** Where focus was when a dialog was asked for that has not come yet. */
  let pending: HTMLElement | null = null
  let lastFocused: HTMLElement | null = null
  const track = (event: FocusEvent) => {
    const target = event.composedPath()[0]
    if (target instanceof HTMLElement && !root.querySelector('[aria-modal]')?.contains(target)) lastFocused = target
  }
  document.addEventListener('focusin', track, true)
  return {
    /** `opening`: a dialog is asked for, which may come later (the preferences chunk). */
    around(render: () => void, opening: boolean) {
      const before = root.querySelector('[aria-modal]')
      const opener = deepActive() ?? lastFocused
      if (opening && !before) pending ??= opener
      else pending = null
      render()
      const after = root.querySelector('[aria-modal]')
      if (after && after !== before) {
        if (!before) returnTo = pending ?? opener
        pending = null
        focusInto(after)
      } else if (!after && before) {
        if (returnTo?.isConnected) returnTo.focus()
        returnTo = null
      }
    },
    stop: () => document.removeEventListener('focusin', track, true),
  }
}

const start = (internals: ConsentInternals, fetched: unknown, parts: UiParts): (() => void) => {
  const manifest = internals.manifest!
  const { locale, consent } = internals
  const ui: Ui = {
    internals,
    manifest,
    locale,
    t: translator([fetched], manifest, locale),
    text: (value) => localize(value, locale, manifest.defaultLocale),
  }
  const { host, root } = createHost('consentry-ui', internals)
  const { position } = manifest.ui
  const bannerRef = scrollPadding(host, position === 'center' ? null : position === 'top' ? 'top' : 'bottom')
  let draft: Choices | null = null
  const stops: (() => void)[] = []
  // A part that arrives after the UI was removed shows nothing.
  let live = true
  const dialog = part(
    parts.preferences,
    ({ strings }) => {
      ui.t = translator([fetched, ...strings], manifest, locale)
      if (live) update()
    },
    dialogFailed(internals),
  )
  const blocked = part(parts.placeholders, ({ placeholders }) => live && stops.push(placeholders(ui)), report)
  let chatOpen = false
  const focus = dialogFocus(root)

  const update = () => {
    try {
      const view = internals.$view.get()
      draft = view === 'preferences' ? (draft ?? internals.choices()) : null
      const Preferences = view === 'preferences' ? dialog()?.Preferences : undefined
      const chat = manifest.ui.launcher
        ? manifest.vendors.find((vendor) => internals.chat.includes(vendor.id) && !consent.isGranted(vendor.id))
        : undefined
      chatOpen &&= !!chat
      focus.around(() => render(
        <App
          ui={ui}
          view={view}
          decided={consent.hasDecided()}
          draft={draft}
          onDraft={(next) => {
            draft = next
            update()
          }}
          chat={chat}
          chatOpen={chatOpen}
          onChat={(open) => {
            chatOpen = open
            update()
          }}
          bannerRef={bannerRef}
          Preferences={Preferences}
        />,
        root,
      ), view === 'preferences')
    } catch (error) {
      report(error)
    }
  }

  // First in the page, so that keyboard and screen-reader users meet the banner first (docs/sources.md, Accessibility).
  ;(document.body ?? document.documentElement).prepend(host)
  stops.push(
    internals.$view.subscribe(update),
    consent.$state.listen(update),
    internals.$placeholders.subscribe((elements) => elements.length > 0 && blocked()),
  )
  return () => {
    live = false
    for (const stop of stops) stop()
    focus.stop()
    render(null, root)
    bannerRef(null)
    host.remove()
  }
}

/**
 * Renders the consent UI of an instance once it is ready, in `texts` (the visitor's locale file,
 * over the built-in English), with the parts the banner does without from `parts`. Returns a function
 * that removes it.
 * @internal
 */
export const mount = (
  internals: ConsentInternals,
  texts: Promise<Record<string, string>>,
  parts: UiParts,
): (() => void) => {
  let stop: (() => void) | null = null
  let stopped = false
  Promise.all([internals.consent.ready, texts.catch(() => ({}))]).then(([, fetched]) => {
    if (!stopped) stop = start(internals, fetched, parts)
  }, () => {}) // an invalid manifest is reported by the core; there is nothing to show
  return () => {
    stopped = true
    stop?.()
  }
}
