import { expect, test } from 'vitest'
import * as api from '../src/index'

test('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual(['createConsent', 'formatIssue', 'validateManifest'])
})
