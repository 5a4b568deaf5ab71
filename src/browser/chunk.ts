/**
 * The loader↔chunk protocol (docs/architecture.md, Chunks). A chunk is a classic script next to
 * `consentry.js`; when it runs it answers with a `consentry:<name>` event on `document` whose
 * `detail` is what it exports. A chunk that cannot even start answers with the error instead
 * (the build wraps every chunk in a `try`; rollup.config.mjs `answering`).
 */
import { setScriptSrc } from '../core/trusted-types'

/** Called by a chunk as it runs: hands `detail` to the loader. @internal */
export const answer = (name: string, detail: unknown): void => {
  document.dispatchEvent(new CustomEvent(`consentry:${name}`, { detail }))
}

/**
 * Resolves with what `name` answers, once per page, loading `file` from `base` for it unless a file
 * that answers it was asked for already; rejects with the error it answered or with a load
 * failure of its file. One file may answer several names (`presets/ga4.js`: the preset and Consent Mode). @internal
 */
export const chunkLoader = (base: URL, nonce: string | undefined) => {
  const answers = new Map<string, Promise<unknown>>()
  const failures = new Map<string, Promise<never>>()
  /** Appends `file` once; the promise rejects if it cannot be loaded. */
  const fetchFile = (file: string) => {
    if (!failures.has(file))
      failures.set(
        file,
        new Promise<never>((_, reject) => {
          const element = document.createElement('script')
          if (nonce) element.nonce = nonce
          setScriptSrc(element, new URL(file, base).href)
          element.onerror = () => reject(new Error(`${element.src} could not be loaded`))
          document.head.appendChild(element)
        }),
      )
    return failures.get(file)!
  }
  const answer = (file: string, name: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      document.addEventListener(
        `consentry:${name}`,
        (event) => {
          const { detail } = event as CustomEvent
          detail instanceof Error ? reject(detail) : resolve(detail)
        },
        { once: true },
      )
      fetchFile(file).catch(reject)
    })
  return <T>(file: string, name: string): Promise<T> => {
    if (!answers.has(name)) answers.set(name, answer(file, name))
    return answers.get(name) as Promise<T>
  }
}

/** The chunk loader of one page. @internal */
export type Load = ReturnType<typeof chunkLoader>

/**
 * Resolves in a later task: a chunk's evaluation, the validation and the first render each get a
 * task of their own, so that a first visit never holds the main thread in one long task. @internal
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve))
