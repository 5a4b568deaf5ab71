// @vitest-environment node
import { expect, test } from 'vitest'
import { allowVendor, chooseOnly, grantsOf, nextDecision, recordOf, rejectEverything, acceptEverything, type Taken } from '../src/core/rules'
import { normalize } from '../src/manifest/normalize'
import { manifest } from './helpers'
import type { Decision } from '../src/core/types'

/** The pure rules run with no DOM at all: this file runs in plain Node. */
const M = normalize(manifest(), {})
const taken = (overrides: Partial<Taken> = {}): Taken => ({
  id: 'abcdefgh12345678',
  source: 'api',
  gpc: false,
  locale: 'en',
  fingerprint: 'f1',
  now: 1_700_000_000_500,
  ...overrides,
})
const none = grantsOf(M, null, false).purposes

test('runs without a document', () => {
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined')
})

test('accepting everything grants every optional purpose, to the second, with what was taken', () => {
  const decision = nextDecision(M, none, null, acceptEverything(M), taken())
  expect(decision).toEqual({
    id: 'abcdefgh12345678',
    version: 1,
    fingerprint: 'f1',
    timestamp: 1_700_000_000_000,
    source: 'api',
    locale: 'en',
    gpc: false,
    purposes: ['analytics', 'livechat', 'marketing'],
    off: [],
  })
  expect(grantsOf(M, decision, false).vendors).toEqual({ stats: true, chatco: true, adco: true })
})

test('under GPC only an explicit act grants a GPC purpose', () => {
  expect(nextDecision(M, none, null, acceptEverything(M), taken({ gpc: true })).purposes).toEqual(['analytics', 'livechat'])
  expect(
    nextDecision(M, none, null, acceptEverything(M), taken({ gpc: true, source: 'preferences' })).purposes,
  ).toEqual(['analytics', 'livechat', 'marketing'])
})

test('set() changes the named ids only, and reports unknown ones', () => {
  const unknown: string[] = []
  const all = nextDecision(M, none, null, acceptEverything(M), taken())
  const granted = grantsOf(M, all, false).purposes
  const next = nextDecision(M, granted, all, chooseOnly(M, { analytics: false, adco: false, nope: true }, (id) => unknown.push(id)), taken())
  expect([next.purposes, next.off, unknown]).toEqual([['livechat', 'marketing'], ['adco'], ['nope']])
  expect(grantsOf(M, next, false).vendors).toEqual({ stats: false, chatco: true, adco: false })
})

test('allowing one vendor grants its purposes and no other vendor of them', () => {
  const withTwo = normalize(
    manifest({
      vendors: [
        { id: 'one', name: 'One', purposes: ['livechat'] },
        { id: 'two', name: 'Two', purposes: ['livechat'] },
      ],
    }),
    {},
  )
  const rejected = nextDecision(withTwo, none, null, rejectEverything, taken())
  const vendors = grantsOf(withTwo, rejected, false).vendors
  const next = nextDecision(withTwo, none, rejected, allowVendor(withTwo, withTwo.vendors[0]!, vendors), taken())
  expect(grantsOf(withTwo, next, false).vendors).toEqual({ one: true, two: false })
})

test('the record shows what a decision grants, its time as ISO 8601', () => {
  const decision: Decision = nextDecision(M, none, null, rejectEverything, taken({ source: 'banner' }))
  expect(recordOf(M, decision, false)).toEqual({
    id: 'abcdefgh12345678',
    version: 1,
    timestamp: '2023-11-14T22:13:20.000Z',
    source: 'banner',
    locale: 'en',
    purposes: { necessary: true, analytics: false, livechat: false, marketing: false },
    vendors: { stats: false, chatco: false, adco: false },
  })
})
