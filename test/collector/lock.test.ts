// @vitest-environment node
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { LOCK_FILE, lockFolder } from '../../collector/lock.mjs'
import { exited, history, post, receipt, startProcess } from './helpers'

const folders: string[] = []
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'consentry-lock-'))
  folders.push(made)
  return made
}
const lockOf = (dir: string) => readFileSync(join(dir, LOCK_FILE), 'utf8').trim()
/** The id of a process that has come and gone. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid

test('refuses a second collector on the same --data folder, naming the first one, which goes on', async () => {
  const data = folder()
  const first = startProcess(data)
  children.push(first.child)
  const url = await first.url
  expect(lockOf(data)).toBe(String(first.child.pid))
  const second = startProcess(data)
  children.push(second.child)
  expect(await exited(second.child)).toBe(1)
  expect(second.output()).toContain(`consentry collector: could not start: ${data} is in use by another collector (process ${first.child.pid})`)
  expect(lockOf(data)).toBe(String(first.child.pid))
  const sent = receipt()
  expect((await post(url, JSON.stringify(sent))).status).toBe(204)
  first.child.kill('SIGTERM')
  expect(await exited(first.child)).toBe(0)
  expect(existsSync(join(data, LOCK_FILE))).toBe(false)
  const third = startProcess(data)
  children.push(third.child)
  expect(await history(await third.url, sent.id)).toHaveLength(1)
  third.child.kill('SIGTERM')
  expect(await exited(third.child)).toBe(0)
}, 300_000)

test('holds a folder once per process, and releases it', () => {
  const dir = folder()
  const release = lockFolder(dir)
  expect(lockOf(dir)).toBe(String(process.pid))
  expect(() => lockFolder(dir)).toThrow(`${dir} is already open in this process`)
  release()
  expect(readdirSync(dir)).toEqual([])
  lockFolder(dir)()
})

test('refuses a folder whose lock names a process that is running', () => {
  const dir = folder()
  writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`)
  expect(() => lockFolder(dir)).toThrow(`${dir} is in use by another collector (process ${process.ppid})`)
  expect(readdirSync(dir)).toEqual([LOCK_FILE])
  expect(lockOf(dir)).toBe(String(process.ppid))
})

test.each([
  ['a process that is gone', () => `${deadPid()}\n`],
  ['this process id, left by an earlier process that had it (a restarted container)', () => `${process.pid}\n`],
  ['no process id at all', () => 'not a pid'],
])('takes over a lock naming %s', (_case, content) => {
  const dir = folder()
  writeFileSync(join(dir, LOCK_FILE), content())
  const release = lockFolder(dir)
  expect(lockOf(dir)).toBe(String(process.pid))
  expect(readdirSync(dir)).toEqual([LOCK_FILE])
  release()
  expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
})

test('takes over at once the lock of a process killed with SIGKILL that its parent has not reaped yet', () => {
  const dir = folder()
  const child = spawn('sleep', ['60'])
  children.push(child)
  writeFileSync(join(dir, LOCK_FILE), `${child.pid}\n`)
  child.kill('SIGKILL')
  // Nothing here lets the event loop turn, so the child stays a zombie: dead, yet still a process
  // that signal 0 finds, as a collector killed a moment ago is to its restart.
  const stat = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]![0]
  for (const until = Date.now() + 10_000; stat() !== 'Z' && Date.now() < until; );
  expect(stat()).toBe('Z')
  const release = lockFolder(dir)
  expect(lockOf(dir)).toBe(String(process.pid))
  release()
})

test('leaves in place, on release, a lock another process has taken since', () => {
  const dir = folder()
  const release = lockFolder(dir)
  writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`)
  release()
  expect(lockOf(dir)).toBe(String(process.ppid))
})
