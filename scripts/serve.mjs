// `npm start`: the examples on http://127.0.0.1:8787/ (PORT overrides), with the built dist/ beside them.
import { fileURLToPath } from 'node:url'
import { DEFAULT_PORT, serveExamples } from './server.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT

serveExamples({ root, port }).then(
  ({ url }) => console.log(`consentry examples: ${url}/  (Ctrl+C to stop)`),
  (error) => {
    console.error(`Could not serve the examples on port ${port}: ${error.message}. Set PORT to use another port.`)
    process.exit(1)
  },
)
