/**
 * `dist/consentry-ui.js`: the UI chunk the script tag fetches only when something must be shown
 * (docs/reference.md §6). It hands its mount function to the loader (src/browser/loader.ts) through an event.
 *
 * The preferences dialog is a chunk of its own, `consentry-prefs.js` (ui/prefs.ts), fetched the
 * first time the dialog opens. It renders with this chunk's Preact: it is a function that takes
 * what it borrows from here (rollup.config.mjs, `borrowing`; docs/architecture.md, Chunks).
 */
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime'
import * as dialog from './dialog'
import { mount } from './mount'
import type { PreferencesView } from './preferences'
import type { UiMount } from '../src/browser/loader'

/** The modules the preferences chunk imports from this one, by the ids its build gives them. */
const BORROWED: Record<string, unknown> = { 'preact/jsx-runtime': { Fragment, jsx, jsxs }, 'consentry:dialog': dialog }

type PreferencesChunk = (
  borrow: (id: string) => unknown,
  exports: Record<string, unknown>,
) => { Preferences: PreferencesView; strings: Record<string, string> }

/** The dialog's chunk and its strings in the visitor's language (`dist/locales/dialog/`), fetched together. */
const start: UiMount = (internals, texts, load, dialogTexts) =>
  void mount(internals, texts, () =>
    Promise.all([load<PreferencesChunk>('consentry-prefs.js', 'prefs'), dialogTexts()]).then(([chunk, fetched]) => {
      const { Preferences, strings } = chunk((id) => BORROWED[id], {})
      return { Preferences, strings: [strings, fetched] }
    }),
  )

document.dispatchEvent(new CustomEvent('consentry:ui', { detail: start }))
