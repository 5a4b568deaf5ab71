// @ts-check
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The embedded PostgreSQL has no lock of its own: two processes on one folder both start, both
 * answer 204, and each overwrites what the other wrote. So the collector holds a lock file in the
 * folder, with its process id, for as long as it has the folder open (docs/reference.md §13).
 */
export const LOCK_FILE = 'consentry-collector.lock'

/** Folders this process holds: a lock naming this process id that is not here was left by an earlier process. */
const held = new Set()

/** @param {string} path */
const readPid = (path) => {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null
  } catch (error) {
    if (/** @type {any} */ (error)?.code === 'ENOENT') return undefined
    throw error
  }
}

/** SIGKILL's bit in the masks of /proc/<pid>/status. */
const SIGKILL_BIT = 1n << 8n
/** The kernel's flag of a process that is being torn down (PF_EXITING). */
const PF_EXITING = 0x4

/**
 * Whether a process that exists is already dead in all but name, on Linux: killed (SIGKILL
 * pending), being torn down, or a zombie its parent has not reaped yet. Such a process runs no
 * more code and has closed, or is closing, its files; right after `kill -9` it is still there for
 * a moment, and a restart must not be refused because of it.
 * @param {number} pid
 */
const dying = (pid) => {
  let stat, status
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    // No /proc (not Linux), or the process has just gone.
    return false
  }
  // After the command name, in parentheses: the state, then six fields on, the flags.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
  if (fields[0] === 'Z' || fields[0] === 'X' || (Number(fields[6]) & PF_EXITING) !== 0) return true
  return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((match) => (BigInt(`0x${match[1]}`) & SIGKILL_BIT) !== 0n)
}

/** @param {number} pid */
const alive = (pid) => {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return /** @type {any} */ (error)?.code === 'EPERM'
  }
  return !dying(pid)
}

/**
 * @param {string} dir
 * @param {number} pid
 */
const inUse = (dir, pid) =>
  new Error(
    `${dir} is in use by another collector (process ${pid}). Two processes on one embedded database overwrite each ` +
      `other's receipts: stop that one first, give this one another --data folder, or set DATABASE_URL to share a PostgreSQL server.`,
  )

/**
 * Takes the lock of `dir` (which exists), or throws saying which process holds it. A lock left by
 * a process that is gone or going (killed, or a machine that restarted) is taken over: it is first moved
 * aside, an atomic step, and taken only if what was moved is the stale lock that was read, so
 * that two processes taking over one stale lock at once cannot both win.
 * @param {string} dir
 * @returns {() => void} releases the lock
 */
export const lockFolder = (dir) => {
  const path = join(dir, LOCK_FILE)
  if (held.has(path)) throw new Error(`${dir} is already open in this process`)
  const mine = `${path}.${process.pid}`
  writeFileSync(mine, `${process.pid}\n`)
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path)
        break
      } catch (error) {
        if (/** @type {any} */ (error)?.code !== 'EEXIST' || attempt === 5) throw error
      }
      const owner = readPid(path)
      if (owner === undefined) continue
      if (owner !== null && owner !== process.pid && alive(owner)) throw inUse(dir, owner)
      const aside = `${path}.stale.${process.pid}`
      try {
        renameSync(path, aside)
      } catch (error) {
        if (/** @type {any} */ (error)?.code === 'ENOENT') continue
        throw error
      }
      const moved = readPid(aside)
      if (moved !== owner) {
        // Another process took the stale lock over between the read and the move: give it back.
        try {
          linkSync(aside, path)
        } finally {
          unlinkSync(aside)
        }
        throw inUse(dir, moved ?? owner ?? 0)
      }
      unlinkSync(aside)
    }
  } finally {
    unlinkSync(mine)
  }
  held.add(path)
  const release = () => {
    process.off('exit', release)
    if (!held.delete(path)) return
    try {
      if (readPid(path) === process.pid) unlinkSync(path)
    } catch {
      // Already gone: nothing to release.
    }
  }
  // A process that exits without closing the store (process.exit) leaves no lock behind either.
  process.on('exit', release)
  return release
}
