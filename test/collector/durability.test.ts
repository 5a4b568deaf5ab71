// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { admin, daysAgo, history, post, receipt, TOKEN } from './helpers'

const data = mkdtempSync(join(tmpdir(), 'consentry-collector-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  rmSync(data, { recursive: true, force: true })
})

/** `consentry collector` as a site owner starts it, in its own process; resolves with its URL. */
const start = (env: Record<string, string | undefined> = { CONSENTRY_ADMIN_TOKEN: TOKEN }) => {
  const child = spawn(process.execPath, ['collector/cli.mjs', '--port', '0', '--data', data, '--retain-days', '30', '--rate-limit', '0'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  const url = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      const found = /listening on (http:\/\/\S+)\/receipts/.exec(output)
      if (found) resolve(found[1]!)
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`the collector exited (${code}): ${output}`)))
  })
  // Awaited by the tests that expect it to start; the one that expects a refusal reads the output.
  url.catch(() => {})
  return { child, url, output: () => output }
}

const exited = (child: ChildProcess) => new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)))

test('refuses to start without CONSENTRY_ADMIN_TOKEN, saying so', async () => {
  const { child, output } = start({})
  expect(await exited(child)).toBe(1)
  expect(output()).toMatch(/CONSENTRY_ADMIN_TOKEN is not set\. The collector refuses to start without it/)
})

test('keeps every receipt it answered 204 when killed with SIGKILL under load, and purges old ones when it starts again', async () => {
  const first = start()
  const url = await first.url
  const old = receipt({ timestamp: daysAgo(45) })
  expect((await post(url, JSON.stringify(old))).status).toBe(204)
  const acknowledged: string[] = []
  let killed = false
  // Eight clients sending receipts as fast as the service answers; it is killed mid-stream. Each
  // client stops at its first failed request after the kill: a request answered just before the
  // kill is followed by one that must fail, since nothing listens any more.
  const client = async () => {
    for (;;) {
      const sent = receipt()
      try {
        const response = await post(url, JSON.stringify(sent))
        if (response.status === 204) acknowledged.push(sent.id)
      } catch {
        if (killed) return
      }
    }
  }
  const clients = Array.from({ length: 8 }, client)
  await expect.poll(() => acknowledged.length, { timeout: 120_000, interval: 20 }).toBeGreaterThanOrEqual(100)
  first.child.kill('SIGKILL')
  killed = true
  expect(await exited(first.child)).toBe('SIGKILL')
  // Every client returns only on a failed request after the kill: their ending proves the
  // service went away mid-stream (a service still answering would keep them going until the timeout).
  await Promise.all(clients)

  const second = start()
  const again = await second.url
  for (const id of acknowledged) expect([id, (await history(again, id)).length]).toEqual([id, 1])
  expect(await history(again, old.id)).toEqual([])
  const exported = await (await admin(again, '/receipts?format=ndjson')).text()
  expect(exported.trim().split('\n').length).toBeGreaterThanOrEqual(acknowledged.length)
  second.child.kill('SIGTERM')
  expect(await exited(second.child)).toBe(0)
}, 300_000)
