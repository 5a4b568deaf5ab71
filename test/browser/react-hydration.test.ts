import { beforeAll, expect, test } from 'vitest'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { rollup } from 'rollup'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import commonjs from '@rollup/plugin-commonjs'
import { browser, site, useSite } from './harness'

// consentry/react hydrating server HTML in real Chromium (docs/reference.md §11): the server
// renders with renderToString, the page hydrates with hydrateRoot, and a returning visitor who
// accepted gets no hydration error, then sees their decision. The application is
// test/browser/fixtures/hydration-app.mjs, importing the built package (dist/esm) by its name.

const ROOT = process.cwd()
const FIXTURE = `${ROOT}/test/browser/fixtures/hydration-app.mjs`

let client = ''

/** The page's script: the fixture and React, bundled as a site's bundler would, in production mode. */
const bundleClient = async () => {
  const bundle = await rollup({
    input: 'client',
    onwarn: () => {},
    plugins: [
      {
        name: 'client',
        resolveId: (id) => (id === 'client' ? '\0client' : id === 'fixture' ? FIXTURE : null),
        load: (id) =>
          id === '\0client'
            ? `import { createElement as h } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { App, consent } from 'fixture'
window.errors = []
window.app = { consent }
hydrateRoot(document.getElementById('root'), h(App, { initial: window.INITIAL }), {
  onRecoverableError: (error) => window.errors.push(String(error && error.message)),
})`
            : null,
      },
      {
        name: 'consentry',
        resolveId: (id) =>
          id === 'consentry' ? `${ROOT}/dist/esm/index.js` : id.startsWith('consentry/') ? `${ROOT}/dist/esm/${id.slice(10)}.js` : null,
      },
      { name: 'production', transform: (code) => (code.includes('process.env.NODE_ENV') ? code.split('process.env.NODE_ENV').join('"production"') : null) },
      nodeResolve({ browser: true }),
      commonjs(),
    ],
  })
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true })
  await bundle.close()
  return output[0].code
}

/** What the page's server side needs, once the client is bundled and the fixture loaded. */
let App: any, manifest: any, readConsent: any
beforeAll(async () => {
  client = await bundleClient()
  ;({ App, manifest } = await import(FIXTURE))
  ;({ readConsent } = await import(`${ROOT}/dist/esm/server.js`))
}, 120_000)
useSite(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://x')
  if (url.pathname === '/client.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' })
    response.end(client)
    return true
  }
  // `/` renders the undecided state; `/initial` hands the request's decision to <InitialConsent>.
  const initial = url.pathname === '/initial' ? readConsent(request.headers.cookie ?? '', manifest) : null
  const html = renderToString(createElement(App, { initial }))
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  response.end(`<!doctype html><html lang="en"><head><title>Hydration</title></head><body>
<div id="root">${html}</div>
<script>window.INITIAL = ${JSON.stringify(initial)}</script>
<script type="module" src="/client.js"></script></body></html>`)
  return true
})

/** A visitor's page, with every console error, page error and hydration error it gets. */
const open = async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()))
  page.on('pageerror', (error) => problems.push(String(error)))
  const visit = async (path: string) => {
    const response = await page.goto(`${site.url}${path}`)
    const server = await response!.text()
    await page.waitForFunction(() => (window as any).app?.consent.$state.get().status === 'ready')
    const texts = async () => [await page.locator('#status').textContent(), await page.locator('#video').textContent()]
    // Hydration is over and the instance ready: the decision has reached the components.
    await page.waitForTimeout(100)
    return { server: /id="status">([^<]*)/.exec(server)?.[1], shown: await texts(), errors: await page.evaluate(() => (window as any).errors) }
  }
  return { page, problems, visit, close: () => context.close() }
}

test('a returning visitor who accepted gets no hydration error, then their decision', async () => {
  const { page, problems, visit, close } = await open()
  expect(await visit('/')).toEqual({ server: 'analytics off', shown: ['analytics off', 'video off'], errors: [] })
  await page.evaluate(() => (window as any).app.consent.acceptAll())
  await page.locator('#status', { hasText: 'analytics on' }).waitFor()
  // The server still renders the undecided state; the page hydrates it, then shows the decision.
  expect(await visit('/')).toEqual({ server: 'analytics off', shown: ['analytics on', 'video on'], errors: [] })
  expect(problems).toEqual([])
  await close()
})

test('with the request read by readConsent and handed to <InitialConsent>, the server HTML is already right', async () => {
  const { page, problems, visit, close } = await open()
  expect(await visit('/initial')).toEqual({ server: 'analytics off', shown: ['analytics off', 'video off'], errors: [] })
  await page.evaluate(() => (window as any).app.consent.acceptAll())
  expect(await visit('/initial')).toEqual({ server: 'analytics on', shown: ['analytics on', 'video on'], errors: [] })
  await page.evaluate(() => (window as any).app.consent.rejectAll())
  expect(await visit('/initial')).toEqual({ server: 'analytics off', shown: ['analytics off', 'video off'], errors: [] })
  expect(problems).toEqual([])
  await close()
})
