import { within } from '@testing-library/dom'
import { afterEach } from 'vitest'
import { createConsent, type ManifestInput } from '../../src/index'
import { mountUI } from '../../ui/index'
import { clearCookies, manifest } from '../helpers'

const mounted: (() => void)[] = []

afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount()
  document.body.innerHTML = ''
  document.documentElement.removeAttribute('style')
  clearCookies()
})

/** The UI's shadow root, once it has rendered. */
export const uiRoot = async (name = 'consentry-ui'): Promise<ShadowRoot> => {
  for (let i = 0; i < 50; i++) {
    const root = document.querySelector(name)?.shadowRoot
    if (root?.firstElementChild) return root
    await new Promise((done) => setTimeout(done, 0))
  }
  throw new Error(`${name} did not render`)
}

/**
 * A site as a developer builds it with npm: `createConsent` + `mountUI`, and the UI's shadow root
 * to query by role and name, as a visitor's assistive technology would.
 */
export const visit = async (
  overrides: Partial<ManifestInput> = {},
  options: { locale?: string; texts?: Record<string, string> } = {},
) => {
  const consent = createConsent(manifest(overrides), { locale: options.locale })
  mounted.push(mountUI(consent, { texts: options.texts }))
  await consent.ready
  const root = await uiRoot()
  return { consent, root, ui: within(root as unknown as HTMLElement) }
}
