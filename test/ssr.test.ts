// @vitest-environment node
import { spawnSync } from 'node:child_process'
import { expect, test } from 'vitest'
import { manifest } from './helpers'

test('server-side rendering: importing consentry touches no window or document, and an instance lets Node exit', () => {
  // test/server/ssr.mjs renders with the built package and then simply ends; a channel, timer or
  // handle left open would keep it running until this guard kills it.
  const child = spawnSync(process.execPath, ['test/server/ssr.mjs', JSON.stringify(manifest())], {
    encoding: 'utf8',
    timeout: 20_000,
  })
  expect({ signal: child.signal, status: child.status, stderr: child.stderr }).toEqual({ signal: null, status: 0, stderr: '' })
  expect(JSON.parse(child.stdout)).toEqual({
    touchedOnImport: [],
    reactHtml: '<main>analytics off<b>necessary on</b></main>',
    vueHtml: '<main><!--[-->analytics off<!--]--><!--[--><b>necessary on</b><!--]--></main>',
  })
})
