import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { serve } from './server'

/**
 * Runs a browser suite on dist/consentry-autoblock.js, served in place of dist/consentry.js
 * (`CONSENTRY_BUILD`, scripts/server.mjs), and checks that it really is served.
 */
export const onAutoblockBuild = async (suite: () => Promise<unknown>) => {
  process.env.CONSENTRY_BUILD = 'autoblock'
  test('serves dist/consentry-autoblock.js as /dist/consentry.js', async () => {
    const site = await serve({ '/dist/': 'dist' })
    try {
      const served = await (await fetch(new URL('/dist/consentry.js', site.url))).text()
      expect(served === readFileSync('dist/consentry-autoblock.js', 'utf8')).toBe(true)
    } finally {
      await site.close()
    }
  })
  await suite()
}
