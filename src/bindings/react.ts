/**
 * `consentry/react` (docs/reference.md §11): the consent state in React components. Each hook
 * re-renders its component when the decision changes: here, in another tab, or by `reset()`.
 * Hydration-safe: while React hydrates server HTML, the hooks answer what the server rendered
 * (`useSyncExternalStore`'s server snapshot), then the visitor's decision.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { Consent, ConsentState } from '../instance/consent'
import { awaitInstance, grantedIn, isInstance, LOADING, serverStateOf, type ConsentLike, type InitialDecision } from '../instance/hydration'

export type { ConsentLike, InitialDecision } from '../instance/hydration'

const Initial = createContext<InitialDecision | null | undefined>(undefined)

/** Props of `<InitialConsent>`. */
export interface InitialConsentProps {
  /** The request's decision, `readConsent(…)` from `consentry/server`, the same on the server and in the browser. */
  value: InitialDecision | null | undefined
  children?: ReactNode
}

/**
 * Hands the request's decision to the hooks below it: the server renders with it and the browser
 * hydrates with it, so a returning visitor gets the right content in the server HTML.
 * @example
 * // in a server component
 * const initial = readConsent((await cookies()).toString(), manifest)
 * return <InitialConsent value={initial}><App /></InitialConsent>
 */
export const InitialConsent = ({ value, children = null }: InitialConsentProps): ReactNode =>
  createElement(Initial.Provider, { value }, children)

const subscribeNowhere = () => () => {}

/** The instance: the one given, or `window.consent` once the script tag made it. */
const useInstance = (consent: ConsentLike): Consent | undefined => {
  const [late, setLate] = useState<Consent>()
  const given = isInstance(consent) ? consent : undefined
  useEffect(() => (given ? undefined : awaitInstance(setLate)), [given])
  return given ?? late
}

/**
 * The current consent state of `consent`; the component re-renders on every change. Given
 * `window.consent` before the script tag ran, the loading state until the instance is there.
 * @example
 * const { decided, purposes } = useConsent(consent)
 */
export const useConsent = (consent: ConsentLike): ConsentState => {
  const instance = useInstance(consent)
  const initial = useContext(Initial)
  const server = useMemo(() => serverStateOf(instance, initial), [instance, initial])
  const subscribe = useCallback(
    (changed: () => void) => (instance ? instance.$state.listen(() => changed()) : subscribeNowhere()),
    [instance],
  )
  return useSyncExternalStore(subscribe, () => (instance ? instance.$state.get() : LOADING), () => server)
}

/**
 * Whether the purpose or vendor `id` is granted right now; the component re-renders when it changes.
 * @example
 * const analytics = useGranted(consent, 'analytics')
 */
export const useGranted = (consent: ConsentLike, id: string): boolean => grantedIn(useConsent(consent), id)

/** Props of `<Consented>`. */
export interface ConsentedProps {
  consent: ConsentLike
  /** A purpose or vendor id. */
  id: string
  /** Rendered while `id` is not granted. Default: nothing. */
  fallback?: ReactNode
  children?: ReactNode
}

/**
 * Renders its children only while `id` is granted, `fallback` otherwise.
 * @example
 * <Consented consent={consent} id="youtube" fallback={<button onClick={() => consent.set({ youtube: true })}>Allow YouTube</button>}>
 *   <iframe src="https://www.youtube-nocookie.com/embed/…" />
 * </Consented>
 */
export const Consented = ({ consent, id, fallback = null, children = null }: ConsentedProps): ReactNode =>
  useGranted(consent, id) ? children : fallback
