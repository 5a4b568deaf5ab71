/**
 * Type tests, checked by `npm run typecheck` (part of `npm test`): every `@ts-expect-error`
 * must meet an error, so misuse that starts to compile fails the check.
 */
import { createConsent, type Consent, type ConsentState, type ManifestInput } from '../src/index'
import { readConsent, type ServerConsent } from '../src/server/index'
import * as react from '../src/bindings/react'
import * as vue from '../src/bindings/vue'

const manifest: ManifestInput = {
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [{ id: 'analytics', title: 'Analytics', description: 'Counts visits.' }],
}

export const uses = (consent: Consent) => {
  const granted: boolean = consent.isGranted('analytics')
  const stop: () => void = consent.onGranted('analytics', () => {})
  consent.onChange((state: ConsentState) => state.purposes.analytics)
  consent.set({ analytics: true, ga4: false })
  const source: 'banner' | 'preferences' | 'placeholder' | 'launcher' | 'api' | undefined = consent.record()?.source
  return [granted, stop, source]
}

export const misuses = (consent: Consent) => {
  // @ts-expect-error: a manifest needs purposes
  createConsent({ policyUrl: '/p', controller: 'X' })
  // @ts-expect-error: mode is opt-in or opt-out
  createConsent({ ...manifest, mode: 'sometimes' })
  // @ts-expect-error: a purpose needs a title
  createConsent({ ...manifest, purposes: [{ id: 'a', description: 'd' }] })
  // @ts-expect-error: choices are booleans
  consent.set({ analytics: 'yes' })
  // @ts-expect-error: ids are strings
  consent.isGranted(5)
  // @ts-expect-error: onGranted callbacks take no arguments
  consent.onGranted('analytics', (id: string) => id)
  // @ts-expect-error: the state store is read-only for the page
  consent.$state.set({})
  // @ts-expect-error: there is no such member
  consent.grant('analytics')
}

export const internals = async () => {
  // @ts-expect-error: internals are not part of the public API
  const { internalsOf } = await import('../src/index')
  return internalsOf
}

/** docs/reference.md §10 and §11: regions, readConsent and the bindings. */
export const regional = (consent: Consent) => {
  createConsent({ ...manifest, regions: { EU: { mode: 'opt-in' }, 'US-CA': { mode: 'opt-out', googleConsentMode: false } } }, { region: 'DE' })
  createConsent({ ...manifest, googleConsentMode: { analytics_storage: ['analytics'], urlPassthrough: true, adsDataRedaction: false } })
  const region: string | undefined = consent.record()?.region ?? consent.$state.get().region
  const read: ServerConsent = readConsent(null, manifest, { gpc: '1', region: 'US-CA' })
  const analytics: boolean | undefined = read.purposes.analytics
  const granted: boolean = react.useGranted(consent, 'analytics')
  const state: ConsentState = react.useConsent(consent)
  const youtube: boolean = vue.useGranted(consent, 'youtube').value
  return [region, analytics, granted, state, youtube]
}

export const regionalMisuses = (consent: Consent) => {
  // @ts-expect-error: a region's mode is opt-in or opt-out
  createConsent({ ...manifest, regions: { EU: { mode: 'strict' } } })
  // @ts-expect-error: a region cannot change the purposes
  createConsent({ ...manifest, regions: { EU: { purposes: [] } } })
  // @ts-expect-error: the region is a code, not a number
  createConsent(manifest, { region: 49 })
  // @ts-expect-error: readConsent needs the manifest
  readConsent('consentry=1')
  // @ts-expect-error: <Consented> needs the id
  react.Consented({ consent })
}

/** docs/reference.md §1 and §11: window.consent as the package declares it, and the bindings on it. */
export const onWindow = () => {
  ;(window.consent = window.consent || []).push((consent: Consent) => consent.onGranted('analytics', () => {}))
  window.consent?.push((consent) => consent.isGranted('analytics'))
  const granted: boolean = react.useGranted(window.consent, 'analytics')
  const youtube: boolean = vue.useGranted(window.consent, 'youtube').value
  react.InitialConsent({ value: readConsent(null, manifest), children: null })
  // @ts-expect-error: the queue takes functions of the instance
  window.consent?.push('analytics')
  // @ts-expect-error: window.consent may be the queue: narrow it first
  window.consent?.isGranted('analytics')
  return [granted, youtube]
}
