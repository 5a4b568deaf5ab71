import { render } from 'preact'
import { neededIds } from '../src/core/util'
import type { Ui } from './ui'
import { createHost, rootAttributes } from './host'
import { list } from './intl'
import { classes } from './classes'

export interface PlaceholderProps {
  ui: Ui
  element: Element
}

/**
 * Contextual consent (docs/reference.md §2): in place of a blocked embed, who provides it, their policy, and a
 * button that allows exactly that vendor. An element gated by purposes only names their vendors.
 */
export const Placeholder = ({ ui, element }: PlaceholderProps) => {
  const { manifest, internals, t, text, locale } = ui
  const ids = neededIds(element)
  const named = manifest.vendors.filter((vendor) => ids.includes(vendor.id))
  const vendors = named.length ? named : manifest.vendors.filter((vendor) => vendor.purposes.some((id) => ids.includes(id)))
  // A purpose without vendors is named itself, and allowed as a purpose.
  const purposes = vendors.length ? [] : manifest.purposes.filter((purpose) => ids.includes(purpose.id))
  const names = [...vendors.map((vendor) => text(vendor.name)), ...purposes.map((purpose) => text(purpose.title))]
  return (
    <div {...rootAttributes(internals, classes.placeholder)} role="group" aria-label={list(names, locale)}>
      <p>
        {vendors.length
          ? t('placeholder.text', { vendor: list(names, locale) })
          : t('placeholder.purpose', { purpose: list(names, locale) })}
      </p>
      {vendors.map((vendor) => (
        <p key={vendor.id}>
          {vendor.privacyPolicy && (
            <>
              <a href={vendor.privacyPolicy} target="_blank" rel="noopener">
                {t('vendor.policy', { vendor: text(vendor.name) })}
              </a>
              <br />
            </>
          )}
          <button type="button" class={classes.button} onClick={() => internals.allow(vendor.id, 'placeholder')}>
            {t('placeholder.allow', { vendor: text(vendor.name) })}
          </button>
        </p>
      ))}
      {purposes.map((purpose) => (
        <p key={purpose.id}>
          <button
            type="button"
            class={classes.button}
            onClick={() => internals.choose({ [purpose.id]: true }, 'placeholder')}
          >
            {t('placeholder.allow', { vendor: text(purpose.title) })}
          </button>
        </p>
      ))}
    </div>
  )
}

/**
 * Keeps one notice, in its own shadow host just before each blocked element, for as long as the
 * element is blocked; the element itself stays hidden meanwhile. Returns a function that removes them.
 */
export const placeholders = (ui: Ui): (() => void) => {
  const shown = new Map<HTMLElement, { host: HTMLElement; root: ShadowRoot; hidden: HTMLElement['hidden'] }>()
  const sync = (elements: readonly Element[]) => {
    for (const [element, { host, root, hidden }] of shown)
      if (!elements.includes(element)) {
        render(null, root)
        host.remove()
        element.hidden = hidden
        shown.delete(element)
      }
    for (const element of elements as HTMLElement[])
      if (!shown.has(element) && element.parentNode) {
        const { host, root } = createHost('consentry-placeholder', ui.internals)
        shown.set(element, { host, root, hidden: element.hidden })
        element.before(host)
        element.hidden = true
        render(<Placeholder ui={ui} element={element} />, root)
      }
  }
  const stop = ui.internals.$placeholders.subscribe(sync)
  return () => {
    stop()
    sync([])
  }
}
