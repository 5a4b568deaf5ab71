// @vitest-environment node
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { formatIssue, validateManifest } from '../../src/index'
import { consentry } from './run'

const dir = mkdtempSync(join(tmpdir(), 'consentry-validate-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const EXAMPLES = readdirSync('examples', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`examples/${entry.name}/consent.json`))
  .map((entry) => `examples/${entry.name}/consent.json`)

const BROKEN = {
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [{ id: 'analytics', title: 'Analytics', description: 'Counts visits.' }],
  vendors: [{ id: 'crm', name: 'Acme CRM', purposes: ['chat'], cookies: [{ name: 'acme', days: -1 }] }],
  cookie: { days: 400 },
}

describe('consentry validate', () => {
  test('accepts every example manifest with exit code 0', async () => {
    const ran = await consentry(['validate', ...EXAMPLES])
    expect(ran.code).toBe(0)
    expect(ran.stdout.trim().split('\n')).toEqual(EXAMPLES.map((path) => `${path}: valid`))
  })

  test('prints the messages the browser prints, each with its JSON path, and exits 1', async () => {
    const ran = await consentry(['validate', file('broken.json', JSON.stringify(BROKEN))])
    expect(ran.code).toBe(1)
    const result = validateManifest(BROKEN)
    if (result.ok) throw new Error('the broken manifest must be invalid')
    const lines = ran.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/broken\.json: invalid manifest, 3 problems:$/)
    expect(lines.slice(1)).toEqual(result.issues.map((issue) => '  ' + formatIssue(issue)))
    expect(lines).toContain('  vendors[0].purposes[0]: unknown purpose "chat" (known: analytics)')
  })

  test('reports text that is not JSON as invalid, with the parse error', async () => {
    const ran = await consentry(['validate', file('truncated.json', '{"policyUrl": "/p",')])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toMatch(/truncated\.json: the manifest is not valid JSON: .+/)
  })

  test('exits 2 for a missing file or a folder, and names the problem on stderr', async () => {
    const missing = await consentry(['validate', join(dir, 'nope.json')])
    expect([missing.code, missing.stderr.trim()]).toEqual([2, `${join(dir, 'nope.json')}: cannot be read: no such file`])
    const folder = await consentry(['validate', dir])
    expect([folder.code, folder.stderr.trim()]).toEqual([2, `${dir}: cannot be read: is a folder`])
  })

  test('exits 2 for a file it may not read', async () => {
    const locked = file('locked.json', '{}')
    chmodSync(locked, 0)
    const ran = await consentry(['validate', locked])
    // root reads any file: then the file is read, and `{}` is an invalid manifest.
    expect(ran.code).toBe(process.getuid?.() === 0 ? 1 : 2)
    if (ran.code === 2) expect(ran.stderr).toContain('permission denied')
  })

  test('--json gives every file its status and issues', async () => {
    const bad = file('bad.json', JSON.stringify({ ...BROKEN, cookie: undefined }))
    const ran = await consentry(['validate', '--json', EXAMPLES[0]!, bad])
    expect(ran.code).toBe(1)
    const out = JSON.parse(ran.stdout)
    expect(out.ok).toBe(false)
    expect(out.files.map((f: { status: string }) => f.status)).toEqual(['valid', 'invalid'])
    expect(out.files[1].issues).toEqual([
      { path: 'vendors[0].cookies[0].days', message: 'must be at least 0, got -1' },
      { path: 'vendors[0].purposes[0]', message: 'unknown purpose "chat" (known: analytics)' },
    ])
  })

  test('--help exits 0 and a missing file argument exits 2', async () => {
    const help = await consentry(['validate', '--help'])
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, 'Usage: consentry validate <manifest.json>... [--stamp] [--all] [--json]'])
    const none = await consentry(['validate'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('validate needs a manifest file')
  })
})

describe('consentry', () => {
  test('--help lists validate, scan, declaration and collector', async () => {
    const ran = await consentry(['--help'])
    expect(ran.code).toBe(0)
    expect([...ran.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1])).toEqual(['validate', 'scan', 'declaration', 'collector'])
  })

  test('every command has --help', async () => {
    for (const command of ['scan', 'collector']) {
      const ran = await consentry([command, '--help'])
      expect([command, ran.code, ran.stdout.startsWith(`Usage: consentry ${command}`)]).toEqual([command, 0, true])
    }
  })

  test('routes collector to the consent records service, which refuses to start without its token', async () => {
    const ran = await consentry(['collector', '--port', '0'], { CONSENTRY_ADMIN_TOKEN: '' })
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain('CONSENTRY_ADMIN_TOKEN is not set')
  })

  test('refuses an unknown command with exit code 2', async () => {
    const ran = await consentry(['scna', 'http://x'])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain('unknown command "scna"')
  })

  test('scan names the missing Chrome and how to fix it, with exit code 2', async () => {
    const ran = await consentry(['scan', 'http://127.0.0.1:9/'], { CHROME_PATH: join(dir, 'no-chrome') })
    expect(ran.code).toBe(2)
    expect(ran.stderr.trim()).toBe(`consentry: CHROME_PATH is ${join(dir, 'no-chrome')}, which does not exist; point it at a Chrome or Chromium executable`)
  })
})
