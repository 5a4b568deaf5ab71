import { afterEach, vi } from 'vitest'

/**
 * A page has one consentry instance for its lifetime; tests make many on one document. Each is
 * stopped after its test so that it stops watching the document and the other "tabs".
 */
const created: unknown[] = []
vi.mock('../src/consent', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/consent')>()
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
  const { internalsOf } = await import('../src/consent')
  for (const consent of created.splice(0)) internalsOf(consent as never)?.stop()
})
