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
 * Reading elements the page made, through the DOM's prototypes: a `<form>`'s controls shadow its
 * properties by name (with `<input name="querySelectorAll">`, `form.querySelectorAll` is that
 * input), so what consentry asks of an element it finds on the page must not be asked of the
 * element itself.
 */

/** `node.nodeType`, or 0 for anything that is not a node. @internal */
export const nodeTypeOf = (node: unknown): number => {
  try {
    return Reflect.get(Node.prototype, 'nodeType', node as object) as number
  } catch {
    return 0
  }
}

/** The elements inside `node`, an element or a fragment, that match `selector`. @internal */
export const elementsIn = (node: Element | DocumentFragment, selector: string): Iterable<Element> => {
  const type = nodeTypeOf(node)
  const proto = type === 1 ? Element.prototype : type === 11 ? DocumentFragment.prototype : null
  return proto && Reflect.get(proto, 'firstElementChild', node) ? proto.querySelectorAll.call(node, selector) : []
}
