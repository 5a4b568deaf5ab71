// `npm test`: the build, the type check and the lint side by side, then the tests as soon as the
// build is in (they run on dist/), while the type check and the lint may still be going. Each
// check's output is printed whole when it ends, so that nothing interleaves with the tests'
// output; the exit code is 1 when any of them failed. Arguments go to vitest.
import { spawn } from 'node:child_process'

/**
 * Runs `npm run <script>` (or `npx <args>` with `quiet: false`, its output passed through).
 * @param {string[]} args
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<boolean>} whether it succeeded
 */
const run = (args, { quiet = true } = {}) =>
  new Promise((done) => {
    const started = Date.now()
    const child = spawn(args[0] === 'vitest' ? 'npx' : 'npm', args[0] === 'vitest' ? args : ['run', '--silent', ...args], {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    })
    let output = ''
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    child.on('error', (error) => {
      console.error(`${args.join(' ')}: ${error.message}`)
      done(false)
    })
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0)
      if (quiet) process.stdout.write(`${output}${code === 0 ? 'passed' : 'FAILED'}: npm run ${args[0]} (${seconds} s)\n`)
      done(code === 0)
    })
  })

const started = Date.now()
const typecheck = run(['typecheck'])
const lint = run(['lint'])
const tests = run(['build']).then((built) => built && run(['vitest', 'run', ...process.argv.slice(2)], { quiet: false }))
const results = await Promise.all([typecheck, lint, tests])
console.log(`npm test: ${results.every(Boolean) ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
process.exit(results.every(Boolean) ? 0 : 1)
