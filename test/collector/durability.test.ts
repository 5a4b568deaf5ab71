// @vitest-environment node
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { LOCK_FILE } from '../../collector/lock.mjs'
import { admin, daysAgo, exited, history, post, receipt, startProcess, TOKEN } from './helpers'

const data = mkdtempSync(join(tmpdir(), 'consentry-collector-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  rmSync(data, { recursive: true, force: true })
})

const start = (env: Record<string, string | undefined> = { CONSENTRY_ADMIN_TOKEN: TOKEN }) => {
  const started = startProcess(data, env)
  children.push(started.child)
  return started
}

test('refuses to start without CONSENTRY_ADMIN_TOKEN, saying so', async () => {
  const { child, output } = start({})
  expect(await exited(child)).toBe(1)
  expect(output()).toMatch(/CONSENTRY_ADMIN_TOKEN is not set\. The collector refuses to start without it/)
})

test('keeps every receipt it answered 204 when killed with SIGKILL under load, and one dated before --retain-days when it starts again, since it was received now', async () => {
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
  // The lock of the killed process stays behind, naming it; the next one takes it over.
  expect(readFileSync(join(data, LOCK_FILE), 'utf8').trim()).toBe(String(first.child.pid))

  const second = start()
  const again = await second.url
  expect(readFileSync(join(data, LOCK_FILE), 'utf8').trim()).toBe(String(second.child.pid))
  for (const id of acknowledged) expect([id, (await history(again, id)).length]).toEqual([id, 1])
  // Retention counts from the time a receipt was received, not from the visitor's date in it.
  expect(await history(again, old.id)).toHaveLength(1)
  const exported = await (await admin(again, '/receipts?format=ndjson')).text()
  expect(exported.trim().split('\n').length).toBeGreaterThanOrEqual(acknowledged.length)
  second.child.kill('SIGTERM')
  expect(await exited(second.child)).toBe(0)
  expect(existsSync(join(data, LOCK_FILE))).toBe(false)
}, 300_000)
