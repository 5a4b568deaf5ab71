import { afterEach, vi } from 'vitest'

/**
 * happy-dom has no `nonce` property, which every browser consentry supports has. It is given one
 * that reflects the attribute, as a browser's does on a page without a CSP header (with one, the
 * attribute is emptied after parsing and only the property keeps the nonce: see
 * test/browser/csp.test.ts for that case).
 */
if (typeof HTMLElement === 'function' && !('nonce' in HTMLElement.prototype))
  Object.defineProperty(HTMLElement.prototype, 'nonce', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('nonce') ?? ''
    },
    set(this: HTMLElement, value: string) {
      this.setAttribute('nonce', value)
    },
  })

/**
 * A page has one consentry instance for its lifetime; tests make many on one document. Each is
 * stopped after its test so that it stops watching the document and the other "tabs".
 */
const created: unknown[] = []
vi.mock('../src/instance/consent', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/instance/consent')>()
  return {
    ...original,
    createInstance: (...args: Parameters<typeof original.createInstance>) => {
      const consent = original.createInstance(...args)
      created.push(consent)
      return consent
    },
  }
})

afterEach(async () => {
  const { internalsOf } = await import('../src/instance/consent')
  for (const consent of created.splice(0)) internalsOf(consent as never)?.stop()
})

/**
 * `createConsent` loads the presets a manifest names and the validator on first need
 * (docs/architecture.md, Bundlers). Loaded once here, so that every instance of the tests starts
 * at once, as it does on a page where they are in already; test/lazy-loading.test.ts checks the
 * loading itself on fresh modules.
 */
const { preloadAll } = await import('../src/instance/create')
await preloadAll()
