// @vitest-environment node
/**
 * consentry installed as a library from its packed tarball (`npm pack`, as `npm publish` would
 * ship it): the bin works, and no browser driver comes with it (README, "Command line").
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'consentry-pack-'))
const npx = (args: string[]) =>
  run('npx', ['--no-install', 'consentry', ...args], { cwd: dir }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error) => ({ code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string }),
  )

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: resolve('.') })
  const tarball = join(dir, JSON.parse(stdout)[0].filename)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'web-app', private: true }))
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: dir })
}, 300_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('a library install brings no browser driver', () => {
  expect(existsSync(join(dir, 'node_modules/consentry/dist/cli/consentry.js'))).toBe(true)
  expect(existsSync(join(dir, 'node_modules/playwright-core'))).toBe(false)
})

test('the configurator ships as static files (README, Configurator)', () => {
  for (const file of ['index.html', 'configure.js', 'preview.html', 'preview.js'])
    expect([file, existsSync(join(dir, 'node_modules/consentry/dist/configure', file))]).toEqual([file, true])
})

test('npx consentry validate works from the installed package', async () => {
  writeFileSync(join(dir, 'good.json'), JSON.stringify({ policyUrl: '/p', controller: 'Example', purposes: [{ id: 'a', title: 'A', description: 'B' }] }))
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ policyUrl: '/p', controller: 'Example', purposes: [] }))
  expect((await npx(['validate', 'good.json'])).code).toBe(0)
  const bad = await npx(['validate', 'bad.json'])
  expect([bad.code, bad.stdout.trim()]).toEqual([1, 'bad.json: invalid manifest, 1 problem:\n  purposes: must list at least 1 item'])
})

test('scan without the driver says how to add it and exits 2', async () => {
  const ran = await npx(['scan', 'http://127.0.0.1:9/'])
  expect(ran.code).toBe(2)
  expect(ran.stderr.trim()).toMatch(/^consentry: scan drives Chrome with playwright-core, which is not installed; run "npm install --save-dev playwright-core"/)
})

test('npx consentry copy puts the script-tag files where a bundler project serves them as they are', async () => {
  const { readdirSync, readFileSync, statSync } = await import('node:fs')
  const filesIn = (folder: string) =>
    readdirSync(join(dist, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => statSync(join(dist, folder, name)).isFile())
      .map((name) => `${folder}/${name}`)
  const target = join(dir, 'public/consentry')
  const dist = join(dir, 'node_modules/consentry/dist')
  const copied = await npx(['copy', 'public/consentry'])
  expect(copied.code, copied.stderr).toBe(0)
  // Every file the loader may fetch from beside itself, byte for byte.
  const expected = [
    ...readdirSync(dist).filter((name) => /^consentry(-[\w-]+)?\.js$/.test(name)),
    ...filesIn('presets'),
    ...filesIn('locales'),
  ]
  expect(expected).toEqual(expect.arrayContaining(['consentry.js', 'consentry-ui.js', 'consentry-check.js', 'consentry-forget.js', 'consentry-button.js', 'presets/youtube.js', 'locales/ro.json']))
  for (const file of expected) expect(readFileSync(join(target, file)).equals(readFileSync(join(dist, file))), file).toBe(true)
  // Run again after an upgrade: a file the new version no longer has does not linger.
  writeFileSync(join(target, 'presets/gone.js'), '')
  expect((await npx(['copy', 'public/consentry'])).code).toBe(0)
  expect(existsSync(join(target, 'presets/gone.js'))).toBe(false)
  expect((await npx(['copy'])).code).toBe(2)
})
