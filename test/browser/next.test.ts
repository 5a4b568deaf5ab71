import { afterAll, beforeAll, expect, test } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { Page } from 'playwright-core'
import { browser, useSite } from './harness'
import { APP, NEXT_ENV, hash, inApp, installNextApp, timed } from '../../scripts/next-app.mjs'

// examples/next/, a Next.js App Router site on consentry, built in production mode and visited in
// Chromium (docs/reference.md §11): on a first visit, after "Accept all" and a reload, and after
// "Reject all" and a reload, no hydration error or warning, no server error, and the server's
// answer (a server component reading readConsent) agrees with the browser's (useGranted).
//
// The app has its own package.json and lockfile. Its install and its build are kept between runs:
// `npm ci` runs only when examples/next/package-lock.json changed since the last install
// (scripts/next-app.mjs, which `npm test` starts beside the build), and `next build` only when the
// app or the consentry build it uses changed (timings in the output).

const ROOT = process.cwd()
const ENV = NEXT_ENV

/** Every file under `dir`, sorted, for a content hash. */
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(`${dir}/${name}`).isFile())
    .sort()
    .map((name) => `${dir}/${name}`)

/** The app uses this repository's build: what `npm install` of the package would put there. */
const useThisBuild = () => {
  const target = `${APP}/node_modules/consentry`
  rmSync(`${target}/dist`, { recursive: true, force: true })
  cpSync(`${ROOT}/dist`, `${target}/dist`, { recursive: true })
  cpSync(`${ROOT}/package.json`, `${target}/package.json`)
  cpSync(`${ROOT}/locales`, `${target}/locales`, { recursive: true })
}

/** `next build`, unless .next holds the build of these very sources and this consentry build. */
const build = () => {
  const sources = [...files(`${APP}/app`), `${APP}/next.config.mjs`, `${APP}/package-lock.json`, ...files(`${ROOT}/dist/esm`)]
  const key = hash(...sources.flatMap((file) => [file, readFileSync(file)]))
  const stamp = `${APP}/.next/consentry-build`
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return console.log('examples/next: next build skipped (built from these sources)')
  timed('next build', () => inApp(process.execPath, ['node_modules/next/dist/bin/next', 'build']))
  writeFileSync(stamp, key)
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

let next: ChildProcess
let url = ''
const serverLog: string[] = []

// The site is Next.js's own server: the harness's answers nothing here.
useSite()
beforeAll(async () => {
  installNextApp()
  useThisBuild()
  build()
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  next = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: APP, env: ENV })
  next.stdout!.on('data', (data) => serverLog.push(String(data)))
  next.stderr!.on('data', (data) => serverLog.push(String(data)))
  await new Promise<void>((resolve, reject) => {
    const wait = setInterval(() => serverLog.join('').includes('Ready') && (clearInterval(wait), resolve()), 100)
    next.on('exit', (code) => (clearInterval(wait), reject(new Error(`next start exited (${code}):\n${serverLog.join('')}`))))
  })
}, 600_000)
afterAll(async () => {
  next?.kill()
})

interface Seen {
  server: string | null
  browser: string | null
  video: 'player' | 'placeholder' | 'none'
}

/** What the server's HTML said, and what the page shows once hydrated and ready. */
const visit = async (page: Page): Promise<{ html: Seen; page: Seen }> => {
  const response = await page.goto(url)
  const html = await response!.text()
  await page.locator('#browser-analytics').waitFor()
  // Hydrated, and the instance has read the cookie: the visitor's decision is on screen.
  await page.waitForFunction(() => document.querySelector('#browser-analytics')?.textContent?.match(/on|off/))
  await page.waitForTimeout(300)
  const text = (pattern: RegExp) => pattern.exec(html)?.[1]?.replace(/<!-- -->/g, '') ?? null
  return {
    html: {
      server: text(/id="server-analytics">([^<]*(?:<!-- -->[^<]*)*)</),
      browser: text(/id="browser-analytics">([^<]*(?:<!-- -->[^<]*)*)</),
      video: html.includes('<iframe') ? 'player' : html.includes('id="video-off"') ? 'placeholder' : 'none',
    },
    page: {
      server: await page.locator('#server-analytics').textContent(),
      browser: await page.locator('#browser-analytics').textContent(),
      video: (await page.locator('iframe').count()) ? 'player' : (await page.locator('#video-off').count()) ? 'placeholder' : 'none',
    },
  }
}

test('a Next.js app: no hydration error or server error, and the server and the browser agree, before and after each decision', async () => {
  const context = await browser.newContext()
  // Nothing leaves the machine: YouTube's player is refused.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && !/ERR_FAILED|youtube-nocookie/.test(message.text()) && problems.push(message.text()))
  page.on('pageerror', (error) => problems.push(String(error)))

  const off = { server: 'Server: usage statistics off', browser: 'Usage statistics: off', video: 'placeholder' }
  const on = { server: 'Server: usage statistics on', browser: 'Usage statistics: on', video: 'player' }
  // A first visit: nothing granted, the banner asks.
  expect(await visit(page)).toEqual({ html: off, page: off })
  await page.getByRole('button', { name: 'Accept all' }).click()
  await page.locator('#browser-analytics', { hasText: 'on' }).waitFor()
  // After "Accept all" and a reload: the server renders the decision, the browser keeps it.
  expect(await visit(page)).toEqual({ html: on, page: on })
  expect(await page.getByRole('button', { name: 'Accept all' }).count()).toBe(0)
  // After "Reject all" (from the preferences dialog) and a reload.
  await page.getByRole('button', { name: 'Cookie settings' }).click()
  await page.getByRole('button', { name: 'Reject all' }).click()
  await page.locator('#browser-analytics', { hasText: 'off' }).waitFor()
  expect(await visit(page)).toEqual({ html: off, page: off })
  // "Allow YouTube" grants YouTube alone, on the spot and after a reload.
  await page.getByRole('button', { name: 'Allow YouTube' }).click()
  await page.locator('iframe').waitFor()
  const youtube = { server: 'Server: usage statistics off', browser: 'Usage statistics: off', video: 'player' }
  expect(await visit(page)).toEqual({ html: youtube, page: youtube })

  expect(problems, 'console errors and warnings in the page').toEqual([])
  expect(serverLog.join('').match(/^.*(error|⨯|warn).*$/gim) ?? [], 'errors in the server log').toEqual([])
  await context.close()
})
