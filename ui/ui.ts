import type { ConsentInternals, LocalizedText, Manifest } from '../src/core/types'
import type { Translate } from './texts'

/** What every component reads: the instance, its manifest and the visitor's strings. */
export interface Ui {
  internals: ConsentInternals
  manifest: Manifest
  locale: string
  t: Translate
  /** Manifest text in the visitor's language. */
  text(value: LocalizedText | undefined): string
}
