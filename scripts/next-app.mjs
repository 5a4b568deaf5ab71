// The dependencies of examples/next/, the Next.js app that test/browser/next.test.ts builds: it has
// its own package.json and lockfile. `npm ci` runs there only when that lockfile or package.json
// changed since the last install. `npm test` (scripts/test.mjs) starts it beside the build, where it
// mostly waits on the disk; the test calls it again, which then costs a hash.
// `node scripts/next-app.mjs` installs from the command line.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const APP = fileURLToPath(new URL('../examples/next', import.meta.url))
export const NEXT_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }

/**
 * @param {...(string | Buffer)} parts
 * @returns {string}
 */
export const hash = (...parts) => parts.reduce((h, part) => h.update(part), createHash('sha256')).digest('hex')

/**
 * Runs `command` in the app's folder; throws with its output when it fails.
 * @param {string} command
 * @param {string[]} args
 */
export const inApp = (command, args) => {
  const result = spawnSync(command, args, { cwd: APP, env: NEXT_ENV, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
}

/**
 * Runs `run`, then prints how long it took.
 * @param {string} what
 * @param {() => void} run
 */
export const timed = (what, run) => {
  const start = Date.now()
  run()
  console.log(`examples/next: ${what} in ${((Date.now() - start) / 1000).toFixed(1)} s`)
}

/** `npm ci` in examples/next/, unless its node_modules was installed from this very lockfile. */
export const installNextApp = () => {
  const key = hash(readFileSync(`${APP}/package-lock.json`), readFileSync(`${APP}/package.json`))
  const stamp = `${APP}/node_modules/.consentry-install`
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return console.log('examples/next: npm ci skipped (installed from this lockfile)')
  timed('npm ci', () => inApp('npm', ['ci', '--no-audit', '--no-fund']))
  writeFileSync(stamp, key)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) installNextApp()
