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
