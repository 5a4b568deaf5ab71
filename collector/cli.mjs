#!/usr/bin/env node
// @ts-check
import { realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_RATE_LIMIT, DEFAULT_RETAIN_DAYS, startCollector } from './server.mjs'

export const HELP = `Usage: consentry collector [options]

Stores the consent receipts that consentry sends to the manifest's log.endpoint
(docs/reference.md, section 13). Point log.endpoint at <this service>/receipts.

Options:
  --port <n>          port to listen on (default 8788; 0 picks a free one)
  --host <address>    address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --data <dir>        folder of the embedded PostgreSQL (default ./consentry-data)
  --origin <origin>   a site that may send receipts, like https://example.com; repeat it for
                      several sites. Browsers get CORS headers for these origins only.
  --retain-days <n>   delete receipts older than this many days (default ${DEFAULT_RETAIN_DAYS})
  --rate-limit <n>    requests per client and minute before 429 (default ${DEFAULT_RATE_LIMIT}; 0: no limit)
  --trust-proxy <n>   the number of reverse proxies in front of the collector that append the
                      client's address to X-Forwarded-For (default 0: the header is ignored)
  -h, --help          show this help

Environment:
  CONSENTRY_ADMIN_TOKEN  required: the bearer token of GET /receipts/<id> and GET /receipts
                         (at least 16 characters)
  DATABASE_URL           postgres://user:password@host/db to use a PostgreSQL server instead
                         of the embedded one

Endpoints:
  POST /receipts                          one receipt (text/plain or application/json): 204
  GET  /receipts/<consent id>             that visitor's history, oldest first (admin)
  GET  /receipts?from=&to=&format=csv     an export by date, csv or ndjson (admin)
  GET  /stats?from=&to=                   decisions per day, purpose, region and version (admin)
  GET  /                                  the console: those figures, look-ups and exports
`

/** @typedef {{ port: number, host: string, data: string, origins: string[], retainDays: number, rateLimit: number, trustProxy: number }} Flags */

/**
 * @param {string} name
 * @param {string | undefined} value
 * @param {number} min
 */
const whole = (name, value, min) => {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) throw new Error(`${name} takes a whole number ≥ ${min}`)
  return Number(value)
}

/** @param {string | undefined} value */
const origin = (value) => {
  let url
  try {
    url = new URL(value ?? '')
  } catch {
    url = null
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== value)
    throw new Error(`--origin takes an origin like https://example.com (scheme and host, no path): got "${value ?? ''}"`)
  return value
}

/**
 * @param {string[]} argv
 * @returns {Flags | 'help'}
 */
export const parseFlags = (argv) => {
  /** @type {Flags} */
  const flags = { port: 8788, host: '127.0.0.1', data: './consentry-data', origins: [], retainDays: DEFAULT_RETAIN_DAYS, rateLimit: DEFAULT_RATE_LIMIT, trustProxy: 0 }
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = /** @type {[string, string | undefined]} */ (argv[i]?.startsWith('--') ? argv[i].split(/=(.*)/s) : [argv[i]])
    const value = () => inline ?? argv[++i]
    if (name === '-h' || name === '--help') return 'help'
    else if (name === '--port') flags.port = whole('--port', value(), 0)
    else if (name === '--host') flags.host = value() ?? ''
    else if (name === '--data') flags.data = value() ?? ''
    else if (name === '--origin') flags.origins.push(origin(value()))
    else if (name === '--retain-days') flags.retainDays = whole('--retain-days', value(), 1)
    else if (name === '--rate-limit') flags.rateLimit = whole('--rate-limit', value(), 0)
    else if (name === '--trust-proxy') flags.trustProxy = whole('--trust-proxy', value(), 0)
    else throw new Error(`unknown option "${name}"`)
  }
  if (!flags.host) throw new Error('--host takes an address')
  if (!flags.data) throw new Error('--data takes a folder')
  return flags
}

/** @param {Record<string, string | undefined>} env */
const tokenProblem = (env) => {
  const token = env.CONSENTRY_ADMIN_TOKEN
  if (!token) return 'CONSENTRY_ADMIN_TOKEN is not set. The collector refuses to start without it: it protects the receipts it keeps. Set it to a long random secret, e.g. CONSENTRY_ADMIN_TOKEN=$(openssl rand -hex 32)'
  if (token.length < 16) return 'CONSENTRY_ADMIN_TOKEN is too short: use at least 16 characters, e.g. $(openssl rand -hex 32)'
  return null
}

/** Resolves on the first SIGINT or SIGTERM. */
const stopSignal = () =>
  new Promise((stop) => {
    const stopped = () => {
      process.off('SIGINT', stopped).off('SIGTERM', stopped)
      stop(undefined)
    }
    process.on('SIGINT', stopped).on('SIGTERM', stopped)
  })

/**
 * `consentry collector`: runs the consent records service until SIGINT or SIGTERM.
 * @param {string[]} argv the arguments after `collector`
 * @param {Record<string, string | undefined>} env
 * @param {{ stop?: Promise<unknown>, log?: (line: string) => void }} [hooks] when to stop (default: a signal), where to print
 * @returns {Promise<number>} the exit code
 */
export const runCollector = async (argv, env, { stop, log = (line) => console.log(line) } = {}) => {
  let flags
  try {
    flags = parseFlags(argv)
  } catch (error) {
    console.error(`consentry collector: ${/** @type {Error} */ (error).message}\nRun "consentry collector --help" for the options.`)
    return 2
  }
  if (flags === 'help') return log(HELP), 0
  const problem = tokenProblem(env)
  if (problem) return console.error(`consentry collector: ${problem}`), 1
  let collector
  try {
    collector = await startCollector({
      token: /** @type {string} */ (env.CONSENTRY_ADMIN_TOKEN),
      origins: flags.origins,
      port: flags.port,
      host: flags.host,
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: resolve(flags.data),
      retainDays: flags.retainDays,
      rateLimit: flags.rateLimit,
      trustProxy: flags.trustProxy,
    })
  } catch (error) {
    console.error(`consentry collector: could not start: ${/** @type {Error} */ (error).message}`)
    return 1
  }
  const where = collector.store.kind === 'postgres' ? 'PostgreSQL at DATABASE_URL' : `embedded PostgreSQL in ${resolve(flags.data)}`
  log(`consentry collector: listening on ${collector.url}/receipts (receipts kept in ${where})`)
  log(`consentry collector: the console is at ${collector.url}/ (it asks for CONSENTRY_ADMIN_TOKEN)`)
  if (!flags.origins.length) log('consentry collector: no --origin given: receipts are accepted from any site, without CORS headers')
  await (stop ?? stopSignal())
  await collector.close()
  return 0
}

const main = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (main) runCollector(process.argv.slice(2), process.env).then((code) => (process.exitCode = code))
