import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

// This folder is the application's root, not the consentry repository around it.
export default { turbopack: { root: here }, outputFileTracingRoot: here }
