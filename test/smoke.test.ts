import { test, expect, beforeEach } from 'vitest'
import { createConsent } from '../src/index'
import { manifest, clearCookies } from './helpers'

beforeEach(() => clearCookies())

test('smoke', async () => {
  const consent = createConsent(manifest())
  await consent.ready
  expect(consent.isGranted('necessary')).toBe(true)
  expect(consent.isGranted('analytics')).toBe(false)
  consent.acceptAll()
  expect(consent.isGranted('analytics')).toBe(true)
  expect(document.cookie).toMatch(/consentry=1\./)
  const again = createConsent(manifest())
  expect(again.isGranted('stats')).toBe(true)
  expect(again.record()?.source).toBe('api')
})
