import { properties } from './classes'

/**
 * While a sticky banner is shown, the page scrolls focused elements clear of it (WCAG 2.2 SC
 * 2.4.11, Focus Not Obscured): `scroll-padding` on the root, through CSSOM, set back when it goes.
 * The height is also given to the UI as `--banner-height` (ui/classes.ts), so that the chat
 * launcher stands above the banner.
 */
export const scrollPadding = (host: HTMLElement, edge: 'top' | 'bottom' | null) => {
  const style = document.documentElement.style
  const property = `scroll-padding-${edge}`
  const previous = style.getPropertyValue(property)
  let observer: ResizeObserver | undefined
  const measure = (element: HTMLElement) => {
    const rect = element.getBoundingClientRect()
    const size = Math.ceil(edge === 'top' ? rect.bottom : window.innerHeight - rect.top)
    style.setProperty(property, `${size}px`)
    host.style.setProperty(properties.bannerHeight, `${size}px`)
  }
  /** Called with the banner when it appears and with `null` when it goes. */
  return (element: HTMLElement | null) => {
    observer?.disconnect()
    if (!edge) return
    if (element) {
      // Measured when the browser reports the banner's first size, after the layout it does anyway
      // before painting: measuring now would force one more, of the whole page, while it waits.
      if (typeof ResizeObserver === 'function') (observer = new ResizeObserver(() => measure(element))).observe(element)
      else measure(element)
    } else {
      if (previous) style.setProperty(property, previous)
      else style.removeProperty(property)
      host.style.removeProperty(properties.bannerHeight)
    }
  }
}
