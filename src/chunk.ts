/**
 * The loader↔chunk protocol (docs/architecture.md, Chunks). A chunk is a classic script next to
 * `consentry.js`; when it runs it answers with a `consentry:<name>` event on `document` whose
 * `detail` is what it exports. A chunk that cannot even start answers with the error instead
 * (the build wraps every chunk in a `try`; rollup.config.mjs `answering`).
 */
import { setScriptSrc } from './trusted-types'

/** Called by a chunk as it runs: hands `detail` to the loader. @internal */
export const answer = (name: string, detail: unknown): void => {
  document.dispatchEvent(new CustomEvent(`consentry:${name}`, { detail }))
}

/**
 * Loads `file` from `base` once per page and resolves with what it answers under `name`, or
 * rejects with the error it answered or with a load failure. @internal
 */
export const chunkLoader = (base: URL, nonce: string | undefined) => {
  const loading = new Map<string, Promise<unknown>>()
  const load = (file: string, name: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      document.addEventListener(
        `consentry:${name}`,
        (event) => {
          const { detail } = event as CustomEvent
          detail instanceof Error ? reject(detail) : resolve(detail)
        },
        { once: true },
      )
      const element = document.createElement('script')
      if (nonce) element.nonce = nonce
      setScriptSrc(element, new URL(file, base).href)
      element.onerror = () => reject(new Error(`${element.src} could not be loaded`))
      document.head.appendChild(element)
    })
  return <T>(file: string, name: string): Promise<T> => {
    if (!loading.has(file)) loading.set(file, load(file, name))
    return loading.get(file) as Promise<T>
  }
}
