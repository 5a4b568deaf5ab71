import { render } from 'preact'
import type { ConsentInternals } from '../src/instance/consent'
import { App, type Ui } from './app'
import type { Choices, PreferencesView } from './preferences'
import { createHost } from './host'
import { focusInto } from './dialog'
import { placeholders } from './placeholder'
import { scrollPadding } from './scroll-padding'
import { localize, translator } from './texts'
import { isThenable, report } from '../src/core/util'


/** The focused element, inside shadow roots too (the floating button, our own buttons). */
const deepActive = (): HTMLElement | null => {
  let element = document.activeElement
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement
  return element === document.body ? null : (element as HTMLElement | null)
}

/**
 * Where the preferences dialog comes from: at once for bundlers (ui/index.ts), or a promise of the
 * `consentry-prefs.js` chunk for the script tag (ui/browser.ts), asked for the first time the dialog
 * is opened (docs/architecture.md, "Later, on the same page"), with the strings that only the dialog
 * shows: its English, then the visitor's locale file for them.
 * @internal
 */
export type PreferencesSource = () => PreferencesView | PromiseLike<{ Preferences: PreferencesView; strings: unknown[] }>

/**
 * The dialog's component once it is there. `loaded` re-renders when a chunk arrives, with the
 * strings it brought; a chunk that does not come is reported and the dialog closed, back to the
 * banner if there is no decision.
 */
const preferencesOf = (source: PreferencesSource, internals: ConsentInternals, loaded: (strings: unknown[]) => void) => {
  let component: PreferencesView | undefined
  let asked = false
  return (): PreferencesView | undefined => {
    if (component || asked) return component
    asked = true
    const result = source()
    if (!isThenable(result)) return (component = result)
    result.then(
      (value) => {
        component = value.Preferences
        loaded(value.strings)
      },
      (error: unknown) => {
        asked = false
        report(error)
        internals.$view.set(internals.consent.hasDecided() ? 'none' : 'banner')
      },
    )
    return undefined
  }
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

const start = (internals: ConsentInternals, fetched: unknown, preferences: PreferencesSource): (() => void) => {
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
  const dialog = preferencesOf(preferences, internals, (strings) => {
    ui.t = translator([fetched, ...strings], manifest, locale)
    update()
  })
  let chatOpen = false
  const focus = dialogFocus(root)

  const update = () => {
    try {
      const view = internals.$view.get()
      draft = view === 'preferences' ? (draft ?? internals.choices()) : null
      const Preferences = view === 'preferences' ? dialog() : undefined
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
  const stops = [internals.$view.subscribe(update), consent.$state.listen(update), placeholders(ui)]
  return () => {
    for (const stop of stops) stop()
    focus.stop()
    render(null, root)
    bannerRef(null)
    host.remove()
  }
}

/**
 * Renders the consent UI of an instance once it is ready, in `texts` (the visitor's locale file,
 * over the built-in English), with the preferences dialog from `preferences`. Returns a function
 * that removes it.
 * @internal
 */
export const mount = (
  internals: ConsentInternals,
  texts: Promise<Record<string, string>>,
  preferences: PreferencesSource,
): (() => void) => {
  let stop: (() => void) | null = null
  let stopped = false
  Promise.all([internals.consent.ready, texts.catch(() => ({}))]).then(([, fetched]) => {
    if (!stopped) stop = start(internals, fetched, preferences)
  }, () => {}) // an invalid manifest is reported by the core; there is nothing to show
  return () => {
    stopped = true
    stop?.()
  }
}
