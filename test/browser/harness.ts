/**
 * The one harness of the browser tests: per vitest worker, one static server and one Chromium,
 * started once and closed when the worker ends (the browser project runs with `isolate: false`, so
 * a worker's files share them); per test, fresh browser contexts, every one closed after the test.
 *
 * A file says what its site answers with `useSite(handler)` at its top level: the handler answers
 * first, while the file's tests run, and whatever it leaves falls through to the `npm start` site
 * (`examples/` at `/`, `dist/` at `/` and at `/dist/`). A test may have every `consentry.js`
 * answered with another build (`site.serveBuild('autoblock')`) until it ends.
 */
import { readFile } from 'node:fs/promises'
import { join, normalize } from 'node:path'
import { afterEach, test as base } from 'vitest'
import type { Browser } from 'playwright-core'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, testChromiumPath } from './chromium'
import { serveExamples, type Handler, type Served } from './server'

/** The nonce of the strict-CSP copies of the example pages under `/strict/`. */
export const NONCE = 'n0nce-examples'
export const STRICT_CSP = `script-src 'nonce-${NONCE}' 'strict-dynamic'; style-src 'nonce-${NONCE}'`

/**
 * Every `*.consentry.test` name resolves to this machine, so that cookies with a Domain (which
 * need a real domain) can be tested; no other name is affected.
 */
const RESOLVER = '--host-resolver-rules=MAP *.consentry.test 127.0.0.1, MAP consentry.test 127.0.0.1'

/**
 * The Chromium every browser test drives, `consentry scan`'s included (as its `CHROME_PATH`):
 * Chromium's headless shell where there is one (scripts/chromium.mjs says why).
 */
export const CHROME = testChromiumPath()

export interface Site extends Served {
  /** Serves `manifest` at `path` (e.g. `/b2b/consent.json`) instead of the file, until the test ends. */
  override(path: string, manifest: unknown): void
  /** Answers every request for `consentry.js` with `dist/consentry-<build>.js`, until the test ends. */
  serveBuild(build: 'autoblock'): void
}

interface Shared {
  browser: Browser
  site: Site
  /** What the running file answers first, and the build the running test asked for. */
  current: { handler?: Handler; build?: string }
  overrides: Map<string, string>
  closed?: Promise<void>
}

/** The `consentry.js` of another build, when the running file asks for one. */
const otherBuild = async (build: string | undefined, path: string, response: Parameters<Handler>[1]) => {
  if (!build || !/(^|\/)consentry\.js$/.test(path)) return false
  const body = await readFile(`dist/consentry-${build}.js`)
  response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(body)
  return true
}

/** `/strict/<page>`: the example page with a nonce on each of its tags, under a strict CSP header. */
const strict = async (path: string, response: Parameters<Handler>[1]) => {
  if (!path.startsWith('/strict/')) return false
  const file = normalize(join('examples', path.slice('/strict'.length), path.endsWith('/') ? 'index.html' : ''))
  if (!file.startsWith('examples/')) return false
  const html = (await readFile(file, 'utf8'))
    .replace(/<script\b/g, `<script nonce="${NONCE}"`)
    .replace(/<link rel="stylesheet"/g, `<link nonce="${NONCE}" rel="stylesheet"`)
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP }).end(html)
  return true
}

const start = async (): Promise<Shared> => {
  const current: Shared['current'] = {}
  const overrides = new Map<string, string>()
  const served = await serveExamples({
    mounts: { '/dist/': 'dist' },
    handler: async (request, response) => {
      if (current.handler && (await current.handler(request, response))) return true
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      const manifest = overrides.get(path)
      if (manifest) return (response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(manifest), true)
      return (await otherBuild(current.build, path, response)) || strict(path, response)
    },
  })
  const browser = await chromium.launch({ executablePath: CHROME, headless: true, args: [...CHROMIUM_ARGS, RESOLVER] })
  const site: Site = {
    ...served,
    override: (path, manifest) => void overrides.set(path, JSON.stringify(manifest)),
    serveBuild: (build) => void (current.build = build),
  }
  return { browser, site, current, overrides }
}

const KEY = Symbol.for('consentry.browser-harness')
const store = globalThis as unknown as { [KEY]?: Promise<Shared> }
/** This worker's server and Chromium, started on first use. */
const shared = () => (store[KEY] ??= start())

const close = async () => {
  const started = store[KEY]
  delete store[KEY]
  if (!started) return
  const { browser, site } = await started
  await browser.close()
  await site.close()
}

/** Worker-scoped, so that the worker's server and Chromium are closed when the worker ends. */
const harness = base.extend('harness', { scope: 'worker' }, async ({}, { onCleanup }) => {
  onCleanup(close)
  return shared()
})

/** This worker's Chromium, once `useSite` has run its file's `beforeAll`. */
export let browser: Browser
/** This worker's server, once `useSite` has run its file's `beforeAll`. */
export let site: Site

/**
 * Makes `browser` and `site` ready for the running file: `handler` answers first while its tests
 * run. After each test every context still open is closed, so each test
 * starts in fresh ones. Call it once, at the top level of a test file.
 */
export const useSite = (handler?: Handler) => {
  harness.beforeAll(async ({ harness }) => {
    ;({ browser, site } = harness)
    harness.current.handler = handler
  })
  afterEach(async () => {
    const { overrides, current } = await shared()
    overrides.clear()
    current.build = undefined
    await Promise.all(browser.contexts().map((context) => context.close()))
  })
  harness.afterAll(async ({ harness }) => {
    harness.current.handler = undefined
  })
}

/** The builds a test may run on: `dist/consentry.js`, and the auto-blocking build served in its place. */
export const BUILDS = ['consentry.js', 'consentry-autoblock.js'] as const
export type Build = (typeof BUILDS)[number]

/** Serves `build` for every `consentry.js` the running test's pages ask for. */
export const onBuild = (build: Build) => {
  if (build === 'consentry-autoblock.js') site.serveBuild('autoblock')
}
