/** Helpers every module shares: reporting on the console, own-property checks, guarded calls. */

/** Reports a problem on the console with the `[consentry]` prefix (docs/reference.md §4). @internal */
export const report = (...args: unknown[]): void => console.error('[consentry]', ...args)

/** An own property only: `constructor`, `toString` or a polluted prototype never count. @internal */
export const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

/** Runs `fn` and reports what it throws, so nothing escapes into the host page (docs/reference.md §4). @internal */
export const guard =
  <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) =>
  (...args: A): R => {
    try {
      return fn(...args)
    } catch (error) {
      report(error)
      return fallback
    }
  }

/** @internal */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function'

/*
 * Reading elements the page made. A `<form>`'s controls shadow its properties by name (with
 * `<input name="querySelectorAll">`, `form.querySelectorAll` is that input), so what consentry
 * asks of a form it finds on the page goes through the DOM's prototypes. Other nodes are asked
 * directly: the observer asks this of every node a page adds, and direct reads are faster.
 */

/** Taken as the script starts, so that a page replacing `window.HTMLFormElement` changes nothing; none on a server. */
const Form = typeof HTMLFormElement === 'function' ? HTMLFormElement : null
const isForm = (node: unknown): node is HTMLFormElement => Form !== null && node instanceof Form

/** `node.nodeType`, or 0 for anything that is not a node. @internal */
export const nodeTypeOf = (node: unknown): number => {
  if (isForm(node)) return 1
  const type = (node as Node | null)?.nodeType
  return typeof type === 'number' ? type : 0
}

/** The elements inside `node`, an element or a fragment, that match `selector`. @internal */
export const elementsIn = (node: Element | DocumentFragment, selector: string): Iterable<Element> =>
  isForm(node)
    ? Element.prototype.querySelectorAll.call(node, selector)
    : node?.firstElementChild
      ? node.querySelectorAll(selector)
      : []

/** `element.hasAttribute(name)`, asked of the prototype for a form. @internal */
export const hasAttributeOf = (element: Element, name: string): boolean =>
  isForm(element) ? Element.prototype.hasAttribute.call(element, name) : element.hasAttribute(name)

/** The ids a gated element needs, all of them (`data-consent="analytics ga4"`). @internal */
export const neededIds = (element: Element): string[] =>
  (element.getAttribute('data-consent') ?? '').split(/\s+/).filter(Boolean)
