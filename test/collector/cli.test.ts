// @vitest-environment node
import { afterEach, expect, test, vi } from 'vitest'
import { HELP, runCollector } from '../../collector/cli.mjs'

afterEach(() => vi.restoreAllMocks())

/** Runs `consentry collector` with `argv` and `env`; what it printed and its exit code. */
const run = async (argv: string[], env: Record<string, string> = { CONSENTRY_ADMIN_TOKEN: 'a'.repeat(32) }) => {
  const errors: string[] = []
  const lines: string[] = []
  vi.spyOn(console, 'error').mockImplementation((line) => void errors.push(String(line)))
  const code = await runCollector(argv, env, { log: (line) => lines.push(line), stop: Promise.resolve() })
  return { code, errors, lines }
}

test('--help prints every option and endpoint, and exits 0', async () => {
  const { code, lines } = await run(['--help'], {})
  expect(code).toBe(0)
  expect(lines).toEqual([HELP])
  for (const word of ['--port', '--host', '--data', '--origin', '--retain-days', '--rate-limit', '--trust-proxy', '--log', 'CONSENTRY_ADMIN_TOKEN', 'DATABASE_URL', 'GET  /health', 'POST /receipts'])
    expect(HELP).toContain(word)
})

test('refuses to start without CONSENTRY_ADMIN_TOKEN, or with a short one, saying so', async () => {
  const missing = await run([], {})
  expect([missing.code, missing.errors]).toEqual([1, [expect.stringMatching(/CONSENTRY_ADMIN_TOKEN is not set\. The collector refuses to start/)]])
  const short = await run([], { CONSENTRY_ADMIN_TOKEN: 'secret' })
  expect([short.code, short.errors]).toEqual([1, [expect.stringMatching(/CONSENTRY_ADMIN_TOKEN is too short/)]])
})

test.each([
  [['--port', 'eighty'], /--port takes a whole number/],
  [['--port'], /--port takes a whole number/],
  [['--port', '99999'], /--port takes a whole number from 0 to 65535/],
  [['--log', 'verbose'], /--log takes access or errors/],
  [['--retain-days', '0'], /--retain-days takes a whole number ≥ 1/],
  [['--rate-limit', '-1'], /--rate-limit takes a whole number ≥ 0/],
  [['--trust-proxy', 'yes'], /--trust-proxy takes a whole number ≥ 0/],
  [['--origin', '*'], /--origin takes an origin like https:\/\/example\.com/],
  [['--origin', 'https://shop.example/path'], /--origin takes an origin/],
  [['--origin=ftp://shop.example'], /--origin takes an origin/],
  [['--data', ''], /--data takes a folder/],
  [['--verbose'], /unknown option "--verbose"/],
])('refuses %j with exit code 2 and the reason', async (argv, reason) => {
  const { code, errors } = await run(argv)
  expect(code).toBe(2)
  expect(errors).toEqual([expect.stringMatching(reason)])
  expect(errors[0]).toContain('consentry collector --help')
})

test('says why it could not start, and exits 1, when the database cannot be reached', async () => {
  const { code, errors } = await run(['--port', '0'], {
    CONSENTRY_ADMIN_TOKEN: 'a'.repeat(32),
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none?connect_timeout=5',
  })
  expect(code).toBe(1)
  expect(errors).toEqual([expect.stringMatching(/^consentry collector: could not start: .*ECONNREFUSED/)])
})
