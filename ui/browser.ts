/**
 * `dist/consentry-ui.js`: the UI chunk the script tag fetches only when something must be shown
 * (docs/reference.md §6). It hands its mount function to the loader (src/browser/loader.ts) through an event.
 *
 * The banner comes with the chat launcher, which stands beside it on a page with a chat. The
 * preferences dialog (`consentry-prefs.js`, ui/prefs.ts) and the placeholders of blocked embeds
 * (`consentry-placeholders.js`, ui/placeholder.tsx) are chunks of their own, fetched the first time
 * they are needed. They render with this chunk's Preact: each is a function that takes what it
 * borrows from here (rollup.config.mjs, `borrowing`; docs/architecture.md, Chunks).
 */
import { render } from 'preact'
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime'
import * as dialog from './dialog'
import * as host from './host'
import { mount, type Placeholders } from './mount'
import type { PreferencesView } from './preferences'
import type { UiMount } from '../src/browser/loader'
import type { Load } from '../src/browser/chunk'

/** The modules the chunks of the UI's parts import from this one, by the ids their build gives them. */
const BORROWED: Record<string, unknown> = {
  preact: { render },
  'preact/jsx-runtime': { Fragment, jsx, jsxs },
  'consentry:dialog': dialog,
  'consentry:host': host,
}

/** What a part's chunk answers with: its module, given this chunk's (rollup.config.mjs, `uiPartChunk`). */
type PartChunk<T> = (borrow: (id: string) => unknown, exports: Record<string, unknown>) => T

const borrowed = <T,>(load: Load, name: string): Promise<T> =>
  load<PartChunk<T>>(`consentry-${name}.js`, name).then((chunk) => chunk((id) => BORROWED[id], {}))

/** The dialog's chunk and its strings in the visitor's language (`dist/locales/dialog/`) are fetched together. */
const start: UiMount = (internals, texts, load) =>
  void mount(internals, texts(), {
    preferences: () =>
      Promise.all([
        borrowed<{ Preferences: PreferencesView; strings: Record<string, string> }>(load, 'prefs'),
        texts('dialog/'),
      ]).then(([{ Preferences, strings }, fetched]) => ({ Preferences, strings: [strings, fetched] })),
    placeholders: () => borrowed<Placeholders>(load, 'placeholders'),
  })

document.dispatchEvent(new CustomEvent('consentry:ui', { detail: start }))
