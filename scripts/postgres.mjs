// @ts-check
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A throwaway PostgreSQL server for the collector's tests: Debian's `postgresql` binaries,
 * installed with apt-get when they are missing (CI runs as root), a fresh cluster in a temporary
 * folder listening on a unix socket only, so that it can clash with no other server's port.
 * `initdb` refuses to run as root: there, the cluster belongs to the `postgres` user. Anything
 * that goes wrong throws with the reason; the tests never skip. Used by the collector's tests and
 * by `npm run bench:collector`.
 */
/** @typedef {{ url: string, stop(): void }} Postgres */

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options })
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`)
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`)
  return String(result.stdout)
}

/** @returns {string | null} the folder holding initdb and pg_ctl */
const findBin = () => {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim()
  const debian = '/usr/lib/postgresql'
  const versions = existsSync(debian) ? readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : []
  for (const version of versions) if (existsSync(join(debian, version, 'bin', 'initdb'))) return join(debian, version, 'bin')
  return onPath ? onPath.replace(/\/pg_ctl$/, '') : null
}

/** @returns {string} */
const binaries = () => {
  const found = findBin()
  if (found) return found
  if (process.getuid?.() !== 0)
    throw new Error('PostgreSQL is not installed and these tests are not running as root: install Debian\'s "postgresql" package')
  run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  const installed = findBin()
  if (!installed) throw new Error('apt-get installed postgresql, but initdb and pg_ctl are still not found')
  return installed
}

/** @returns {Postgres} */
export const startPostgres = () => {
  const bin = binaries()
  const root = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'consentry-pg-'))
  /** @type {(command: string, args: string[]) => string} */
  let as = (command, args) => run(command, args)
  if (root) {
    const uid = Number(run('id', ['-u', 'postgres']).trim())
    const gid = Number(run('id', ['-g', 'postgres']).trim())
    chownSync(dir, uid, gid)
    chmodSync(dir, 0o700)
    as = (command, args) => run('runuser', ['-u', 'postgres', '--', command, ...args])
  }
  const data = join(dir, 'data')
  as(join(bin, 'initdb'), ['-D', data, '-U', 'consentry', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'])
  const options = `-c listen_addresses='' -c unix_socket_directories='${dir}' -c max_connections=40`
  as(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '120', 'start'])
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    process.off('exit', stop)
    try {
      as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  // A run that ends without calling stop() (an interrupted test) leaves no server behind.
  process.once('exit', stop)
  return { url: `postgres://consentry@localhost/postgres?host=${encodeURIComponent(dir)}`, stop }
}
