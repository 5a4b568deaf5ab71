/**
 * `dist/consentry-declaration.js`: the cookie declaration in the page (docs/reference.md, Cookie
 * declaration). The loader fetches it only once the page has a `[data-consent-declaration]`
 * element (src/browser/declaration-watch.ts) and calls what it answers with the instance. It fills every
 * such element, now and added later, in the page's language, and keeps the visitor's choice in
 * each up to date. Plain HTML, no shadow root: the site's stylesheet styles it.
 */
import type { ConsentInternals } from '../src/core/types'
import { answer } from '../src/browser/chunk'
import { guard, report } from '../src/core/util'
import { choicePart, choiceText, declaration, languageAttributes, languageOf, sayer, type DeclarationContext } from './declaration'
import { toDom } from './markup'

/** The declaration's own strings, from next to this chunk; English is built in. */
const base = new URL('.', (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI)
const SELECTOR = '[data-consent-declaration]'

const stringsOf = (locale: string): Promise<unknown> => {
  const language = languageOf(locale)
  return language === 'en'
    ? Promise.resolve({})
    : fetch(new URL(`locales/declaration/${language}.json`, base)).then(
        (response) => (response.ok ? response.json() : {}),
        () => ({}),
      )
}

/** `data-heading-level="2"` makes the purposes `h2` and the vendors `h3`; the default is 3. */
const levelOf = (element: Element) => Math.min(5, Math.max(1, Number(element.getAttribute('data-heading-level')) || 3))

/** Fills one element; returns what brings its choice up to date. */
const fill = (element: Element, internals: ConsentInternals, context: Omit<DeclarationContext, 'level'>) => {
  const full = { ...context, level: levelOf(element) }
  const { consent } = internals
  for (const [name, value] of Object.entries(languageAttributes(context.locale))) element.setAttribute(name, value)
  const choice = choicePart(full, consent.$state.get(), consent.record())
  element.replaceChildren(...declaration(full, choice).map((node) => toDom(node, document)))
  const live = element.querySelector('[data-consent-choice] > [aria-live]')!
  return () => live.replaceChildren(...choiceText(full, consent.$state.get(), consent.record()).map((node) => toDom(node, document)))
}

const mount = (internals: ConsentInternals) => {
  const { manifest, locale } = internals
  if (!manifest) return
  stringsOf(locale).then((strings) => {
    const context = { manifest, locale, say: sayer(strings) }
    const filled = new Map<Element, () => void>()
    // Guarded: whatever a page broke is reported, never thrown into it from an observer or a listener.
    const fillNew = guard(() => {
      for (const element of document.querySelectorAll(SELECTOR))
        if (!filled.has(element)) filled.set(element, fill(element, internals, context))
    }, undefined)
    fillNew()
    // Elements added later (a single-page app's policy route); ours are filled already.
    new MutationObserver(fillNew).observe(document.documentElement, { childList: true, subtree: true })
    internals.consent.onChange(
      guard(() => {
        for (const [element, update] of filled) if (element.isConnected) update()
      }, undefined),
    )
  }).catch(report)
}

answer('declaration', mount)
