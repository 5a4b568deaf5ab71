// The Chromium that the browser tests and `npm run bench` drive. Plain JavaScript, so that the
// bench (run by Node without a TypeScript loader) and the tests share one copy; where Chrome is
// looked for is `cli/chrome.mjs`, shared with `consentry scan`.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findChrome as find } from '../cli/chrome.mjs'

const canInstall = () => existsSync('/etc/debian_version') && process.getuid?.() === 0

/** Installs one of Debian's packages, saying so first. */
const aptInstall = (name) => {
  console.log(`[browser tests] installing Debian's "${name}" package…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', name], { stdio: 'inherit', env })
}

/**
 * `CHROME_PATH`, then the usual system paths. On Debian as root, Debian's `chromium` package is
 * installed when none is found, so a fresh machine needs nothing by hand; anywhere else the error
 * says what to install.
 * @returns {string}
 */
export const chromiumPath = () => {
  const found = find()
  if (found) return found
  if (canInstall()) {
    aptInstall('chromium')
    const installed = find()
    if (installed) return installed
  }
  throw new Error(
    'The browser tests and the bench need Chromium or Chrome. Install it (Debian/Ubuntu: `apt-get install chromium`; ' +
      'macOS: Google Chrome) or point CHROME_PATH at its executable.',
  )
}

/** Where Chromium's headless shell is installed (Debian's `chromium-headless-shell` package). */
const SHELL_CANDIDATES = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell']

/**
 * The Chromium the browser tests drive: `CHROME_PATH` when it is set, else Chromium's headless
 * shell, else the Chromium of `chromiumPath()`. The headless shell is Chromium's own build for
 * automation, the same Blink and V8 as the browser of its version without the browser's windowing
 * layer. A new browser context with a page costs it less than a quarter of the CPU time that
 * Chromium's full headless mode takes (0.10 against 0.44 s each, over 100 of them here), and the
 * browser tests open over 200.
 * With `install`, on Debian as root, the `chromium-headless-shell` package is installed when
 * missing (the tests' global setup asks, once, before any worker starts); where that fails, the
 * tests run on Chromium itself, only slower. The bench keeps the full Chromium: it measures what a
 * visitor's browser does.
 * @param {{ install?: boolean }} [options]
 * @returns {string}
 */
export const testChromiumPath = ({ install = false } = {}) => {
  if (process.env.CHROME_PATH) return chromiumPath()
  const shell = () => SHELL_CANDIDATES.find((path) => existsSync(path))
  if (install && !shell() && canInstall()) {
    try {
      aptInstall('chromium-headless-shell')
    } catch (error) {
      console.log(`[browser tests] the headless shell could not be installed (${error.message}); using Chromium`)
    }
  }
  return shell() ?? chromiumPath()
}

export { CHROMIUM_ARGS }

/** @returns {Promise<import('playwright-core').Browser>} */
export const launchChromium = () => chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
