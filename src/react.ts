/**
 * `consentry/react` (docs/reference.md §11): the consent state in React components, through
 * nanostores' own binding (`@nanostores/react`). Each hook re-renders its component when the
 * decision changes: here, in another tab, or by `reset()`.
 */
import { useStore } from '@nanostores/react'
import type { ReactNode } from 'react'
import type { Consent, ConsentState } from './consent'

/**
 * The current consent state of `consent`; the component re-renders on every change.
 * @example
 * const { decided, purposes } = useConsent(consent)
 */
export const useConsent = (consent: Consent): ConsentState => useStore(consent.$state)

/**
 * Whether the purpose or vendor `id` is granted right now; the component re-renders when it changes.
 * @example
 * const analytics = useGranted(consent, 'analytics')
 */
export const useGranted = (consent: Consent, id: string): boolean => {
  useStore(consent.$state)
  return consent.isGranted(id)
}

/** Props of `<Consented>`. */
export interface ConsentedProps {
  consent: Consent
  /** A purpose or vendor id. */
  id: string
  /** Rendered while `id` is not granted. Default: nothing. */
  fallback?: ReactNode
  children?: ReactNode
}

/**
 * Renders its children only while `id` is granted, `fallback` otherwise.
 * @example
 * <Consented consent={consent} id="youtube" fallback={<p>Allow YouTube to watch the video.</p>}>
 *   <iframe src="https://www.youtube-nocookie.com/embed/…" />
 * </Consented>
 */
export const Consented = ({ consent, id, fallback = null, children = null }: ConsentedProps): ReactNode =>
  useGranted(consent, id) ? children : fallback
