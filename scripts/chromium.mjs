// The Chromium that the browser tests and `npm run bench` drive. Plain JavaScript, so that the
// bench (run by Node without a TypeScript loader) and the tests share one copy; where Chrome is
// looked for is `cli/chrome.mjs`, shared with `consentry scan`.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findChrome as find } from '../cli/chrome.mjs'

/**
 * `CHROME_PATH`, then the usual system paths. On Debian as root, Debian's `chromium` package is
 * installed when none is found, so a fresh machine needs nothing by hand; anywhere else the error
 * says what to install.
 * @returns {string}
 */
export const chromiumPath = () => {
  const found = find()
  if (found) return found
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    console.log('[browser tests] no Chromium found: installing Debian\'s "chromium" package…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
    const installed = find()
    if (installed) return installed
  }
  throw new Error(
    'The browser tests and the bench need Chromium or Chrome. Install it (Debian/Ubuntu: `apt-get install chromium`; ' +
      'macOS: Google Chrome) or point CHROME_PATH at its executable.',
  )
}

export { CHROMIUM_ARGS }

/** @returns {Promise<import('playwright-core').Browser>} */
export const launchChromium = () => chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
