// `npm test`: the build, the type check, the lint and the consent records service's tests (which
// need no build) side by side; once the build is in (the other tests run on dist/), the browser
// tests and the unit and command-line tests in two more vitest runs, while the others may still be
// going. The browser tests mostly wait on Chromium, the others mostly compute: together they keep
// two cores busy. The browser run's output streams; every other command's is printed whole when it
// ends, so nothing interleaves. examples/next/'s own `npm ci` (scripts/next-app.mjs), which mostly
// waits on the disk, runs beside the build rather than inside the browser tests. The exit code is 1
// when anything failed. Arguments go to every vitest run.
import { spawn } from 'node:child_process'

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`

/**
 * Runs `command args`, its output passed through (`quiet: false`) or printed whole at the end.
 * @param {string} name what the summary line calls it
 * @param {string} command
 * @param {string[]} args
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<boolean>} whether it succeeded
 */
const run = (name, command, args, { quiet = true } = {}) =>
  new Promise((done) => {
    const started = Date.now()
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    let output = ''
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    child.on('error', (error) => (output += `${error.message}\n`))
    child.on('close', (code) => {
      process.stdout.write(`${output}${code === 0 ? 'passed' : 'FAILED'}: ${name} (${seconds(started)})\n`)
      done(code === 0)
    })
  })

// A file named on the command line is in one of the two runs: the other finds nothing, which is no failure.
const vitest = (...args) => ['vitest', 'run', '--passWithNoTests', ...args, ...process.argv.slice(2)]
const started = Date.now()
const results = await Promise.all([
  run('npm run typecheck', 'npm', ['run', '--silent', 'typecheck']),
  run('npm run lint', 'npm', ['run', '--silent', 'lint']),
  // The consent records service's tests need no build: they start at once.
  run('vitest --project collector', 'npx', vitest('--project', 'collector')),
  Promise.all([
    run('npm run build', 'npm', ['run', '--silent', 'build']),
    run('examples/next: npm ci', process.execPath, ['scripts/next-app.mjs']),
  ]).then(
    async (ready) =>
      ready.every(Boolean) &&
      (
        await Promise.all([
          run('vitest --project browser', 'npx', vitest('--project', 'browser'), { quiet: false }),
          run('vitest --project unit --project node', 'npx', vitest('--project', 'unit', '--project', 'node')),
        ])
      ).every(Boolean),
  ),
])
const passed = results.every(Boolean)
console.log(`npm test: ${passed ? 'passed' : 'FAILED'} in ${seconds(started)}`)
process.exit(passed ? 0 : 1)
