/**
 * Runs the built `dist/esm/server.js` in a bare `vm` context — JavaScript's built-ins only: no
 * `window`, no `document`, no `process`, no `require`, no timers, no `console` — and answers on
 * stdout with what `readConsent` returned for the JSON arguments given on argv[2]. Any import that
 * is not one of the package's own files (a Node built-in, js-cookie, nanostores) fails the link.
 * Needs `node --experimental-vm-modules`.
 */
import { readFileSync } from 'node:fs'
import vm from 'node:vm'

const dist = new URL('../../dist/esm/', import.meta.url)
const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } })
// V8 gives every context a `console`; a server runtime need not have one.
vm.runInContext('delete globalThis.console', context)
const modules = new Map()

const load = (url) => {
  if (!modules.has(url.href))
    modules.set(url.href, new vm.SourceTextModule(readFileSync(url, 'utf8'), { context, identifier: url.href }))
  return modules.get(url.href)
}

// dist/esm is one file per module: the package's own files are relative imports within it.
const linker = (specifier, referencing) => {
  const url = /^\.\.?\//.test(specifier) ? new URL(specifier, referencing.identifier) : null
  if (!url?.href.startsWith(dist.href)) throw new Error(`imports "${specifier}", which a bare runtime does not have`)
  return load(url)
}

const [cookie, manifest, options] = JSON.parse(process.argv[2])
const server = load(new URL('server.js', dist))
await server.link(linker)
await server.evaluate()
// The call itself happens inside the context, on values made there.
context.args = JSON.stringify([cookie, manifest, options])
context.readConsent = server.namespace.readConsent
const answer = vm.runInContext(
  `const [cookie, manifest, options] = JSON.parse(args)
   const found = Object.getOwnPropertyNames(globalThis).filter((name) => /^(window|document|process|require|console|setTimeout|fetch|Buffer)$/.test(name))
   JSON.stringify({ found, result: readConsent(cookie, manifest, options) })`,
  context,
)
process.stdout.write(answer)
