// Where Chrome or Chromium is on this machine. Plain JavaScript, so that the browser tests and the
// bench (scripts/chromium.mjs, run by Node without a TypeScript loader) and `consentry scan` share
// one list.
import { existsSync } from 'node:fs'

/** The usual install paths of Chromium and Chrome on Linux, macOS and Windows. */
export const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
]

/**
 * `CHROME_PATH` when it is set (and nothing else then: a wrong path is the user's to fix), else
 * the first usual path that exists, else `undefined`.
 * @returns {string | undefined}
 */
export const findChrome = () => {
  const chosen = process.env.CHROME_PATH
  if (chosen) return existsSync(chosen) ? chosen : undefined
  return CHROME_CANDIDATES.find((path) => existsSync(path))
}

/** Flags for a quiet headless Chromium that does not phone home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]
