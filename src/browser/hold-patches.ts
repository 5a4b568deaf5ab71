/**
 * The DOM methods auto-blocking patches so that a vendor's tag is held however a script adds it:
 * `src` setters, the insertion methods, and HTML parsed from a string (`src/browser/hold.ts`,
 * docs/reference.md §9). @internal
 */
/** `element.src = …` and `element.setAttribute('src', …)` on the held tags. */
export const patchSetters = (window: Window & typeof globalThis, hold: (element: Element, value: string, byScript: boolean) => boolean) => {
  for (const type of [window.HTMLScriptElement, window.HTMLIFrameElement, window.HTMLImageElement]) {
    const descriptor = Object.getOwnPropertyDescriptor(type.prototype, 'src')
    if (!descriptor?.set) continue
    const set = descriptor.set
    Object.defineProperty(type.prototype, 'src', {
      ...descriptor,
      set(this: Element, value: unknown) {
        if (!hold(this, String(value), true)) set.call(this, value)
      },
    })
  }
  const { setAttribute } = window.Element.prototype
  window.Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    if (String(name).toLowerCase() === 'src' && hold(this, String(value), true)) return
    return setAttribute.call(this, name, value)
  }
}

type Method = (this: Node, ...args: any[]) => any

/** The DOM's insertion methods hold what they insert before it reaches the page. */
export const patchInsertion = (
  window: Window & typeof globalThis,
  holdTree: (node: unknown) => void,
  replacing: (old: Node, next: unknown) => boolean,
) => {
  const wrap = (prototype: object, names: string[]) => {
    for (const name of names) {
      const original = (prototype as Record<string, Method>)[name]
      if (typeof original !== 'function') continue
      ;(prototype as Record<string, Method>)[name] = function (this: Node, ...args: unknown[]) {
        for (const arg of args) holdTree(arg)
        if (name === 'replaceWith' && args.length === 1 && !replacing(this, args[0])) return
        return original.apply(this, args)
      }
    }
  }
  wrap(window.Node.prototype, ['appendChild', 'insertBefore', 'replaceChild'])
  wrap(window.Element.prototype, ['append', 'prepend', 'before', 'after', 'replaceWith', 'insertAdjacentElement'])
  wrap(window.DocumentFragment.prototype, ['append', 'prepend'])
}

const MARKUP = /<(iframe|img)[\s/>]/i
/** Elements whose content is not parsed as HTML, where `innerHTML` keeps its own meaning. */
const RAW = /^(script|style|textarea|title|xmp|noscript|template|iframe|noembed|noframes|plaintext)$/

/**
 * `innerHTML` and `insertAdjacentHTML` with an `<img>` or `<iframe>`: parsed first in a template,
 * where nothing loads, held there, then inserted. Scripts inserted this way never run, so they are
 * left as they are.
 */
export const patchMarkup = (window: Window & typeof globalThis, holdTree: (node: unknown) => void) => {
  const { document } = window
  const inner = Object.getOwnPropertyDescriptor(window.Element.prototype, 'innerHTML')
  const parse = (html: string): DocumentFragment => {
    const template = document.createElement('template')
    inner!.set!.call(template, html)
    holdTree(template.content)
    return template.content
  }
  // Asked of the prototypes: a form's controls shadow its own properties (src/core/util.ts).
  const { prototype } = window.Element
  const wanted = (element: Element, html: unknown) =>
    typeof html === 'string' &&
    MARKUP.test(html) &&
    Reflect.get(prototype, 'namespaceURI', element) === 'http://www.w3.org/1999/xhtml' &&
    !RAW.test(Reflect.get(prototype, 'localName', element))
  if (inner?.set) {
    const set = inner.set
    Object.defineProperty(window.Element.prototype, 'innerHTML', {
      ...inner,
      set(this: Element, html: unknown) {
        if (!wanted(this, html)) return set.call(this, html)
        set.call(this, '')
        window.Node.prototype.appendChild.call(this, parse(html as string))
      },
    })
  }
  const { insertAdjacentHTML } = window.Element.prototype
  const places: Record<string, 'before' | 'prepend' | 'append' | 'after'> = {
    beforebegin: 'before',
    afterbegin: 'prepend',
    beforeend: 'append',
    afterend: 'after',
  }
  window.Element.prototype.insertAdjacentHTML = function (this: Element, position: string, html: string) {
    const place = places[String(position).toLowerCase()]
    if (!place || !wanted(this, html) || ((place === 'before' || place === 'after') && !Reflect.get(window.Node.prototype, 'parentElement', this)))
      return insertAdjacentHTML.call(this, position as InsertPosition, html)
    prototype[place].call(this, parse(html))
  }
}
