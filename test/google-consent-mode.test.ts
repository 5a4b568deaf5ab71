import { beforeEach, describe, expect, test } from 'vitest'
import { createConsent } from '../src/index'
import { clearCookies, manifest } from './helpers'

declare global {
  interface Window {
    dataLayer?: unknown[]
  }
}

/** dataLayer entries as plain arrays: gtag pushes `arguments` objects, which Google's tag reads. */
const commands = () => (window.dataLayer ?? []).map((entry) => Array.from(entry as ArrayLike<unknown>))

beforeEach(() => {
  clearCookies()
  delete window.dataLayer
})

describe('Google Consent Mode v2', () => {
  test('pushes a denied default, as arguments objects, before anything else', () => {
    window.dataLayer = []
    createConsent(manifest({ googleConsentMode: true }))
    expect(Object.prototype.toString.call(window.dataLayer[0])).toBe('[object Arguments]')
    expect(commands()).toEqual([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'denied',
          functionality_storage: 'denied',
          personalization_storage: 'denied',
          security_storage: 'granted',
          wait_for_update: 500,
        },
      ],
      ['set', 'ads_data_redaction', true],
    ])
  })

  test('pushes an update for the stored choice right after the default', () => {
    createConsent(manifest({ googleConsentMode: true })).set({ analytics: true })
    delete window.dataLayer
    createConsent(manifest({ googleConsentMode: true }))
    expect(commands().slice(2)).toEqual([
      [
        'consent',
        'update',
        { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
      ],
      ['set', 'ads_data_redaction', true],
    ])
  })

  test('pushes nothing more while nothing is granted', () => {
    createConsent(manifest({ googleConsentMode: true })).rejectAll()
    expect(commands()).toHaveLength(2)
  })

  test('follows every change, and only changes', () => {
    const consent = createConsent(manifest({ googleConsentMode: true }))
    consent.acceptAll()
    consent.set({ livechat: false }) // not mapped: nothing for Google
    consent.set({ marketing: false })
    const updates = commands().filter(([, kind]) => kind === 'update').map(([, , grants]) => grants)
    expect(updates).toEqual([
      { analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' },
      { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    ])
    expect(commands().filter(([kind, name]) => kind === 'set' && name === 'ads_data_redaction').map(([, , v]) => v)).toEqual([
      true,
      false,
      true,
    ])
  })

  test('maps signals the way the manifest says', () => {
    const consent = createConsent(
      manifest({ googleConsentMode: { functionality_storage: ['livechat'], analytics_storage: ['analytics', 'stats'] } }),
    )
    consent.set({ livechat: true })
    expect(commands().at(-2)).toEqual(['consent', 'update', { functionality_storage: 'granted', analytics_storage: 'denied' }])
  })

  test('is off unless the manifest asks for it', () => {
    createConsent(manifest()).acceptAll()
    expect(window.dataLayer).toBeUndefined()
  })
})
