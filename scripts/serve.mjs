// `npm start`: the examples on http://127.0.0.1:8787/ (PORT overrides), with the built dist/ beside
// them, and the consent records service their manifests send receipts to (docs/reference.md §13).
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_PORT, EXAMPLES_COLLECTOR, serveExamples } from './server.mjs'
import { startCollector } from '../collector/server.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT

/** A collector for the examples: receipts kept in `.consentry-data/` (ignored by git), a development token. */
const collect = async () => {
  const token = process.env.CONSENTRY_ADMIN_TOKEN || `dev-${randomBytes(12).toString('hex')}`
  const dataDir = join(root, '.consentry-data')
  const collector = await startCollector({
    token,
    port: Number(new URL(EXAMPLES_COLLECTOR).port),
    dataDir,
    origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  })
  const month = new Date().toISOString().slice(0, 7)
  console.log(`consentry collector: ${collector.url}/receipts (receipts in ${dataDir})
  development token: ${token}
  a visitor's history:  curl -H "Authorization: Bearer ${token}" ${collector.url}/receipts/<consent id>
  this month as CSV:    curl -H "Authorization: Bearer ${token}" "${collector.url}/receipts?from=${month}-01&format=csv"`)
  return collector
}

const examples = serveExamples({ root, port })
const collector = collect().catch((error) => {
  console.error(`The consent records service could not start (${error.message}): the examples run without it.`)
  return null
})

examples.then(
  ({ url }) => console.log(`consentry examples: ${url}/  (Ctrl+C to stop)`),
  (error) => {
    console.error(`Could not serve the examples on port ${port}: ${error.message}. Set PORT to use another port.`)
    process.exit(1)
  },
)

// Ctrl+C: the embedded database is closed cleanly before exiting.
process.once('SIGINT', async () => {
  await (await collector)?.close()
  process.exit(0)
})
