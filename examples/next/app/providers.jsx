'use client'
import { useEffect } from 'react'
import { InitialConsent } from 'consentry/react'
import { mountUI } from 'consentry/ui'
import { consent } from './consent'

// The banner and the preferences dialog, mounted in the browser only (mountUI returns what unmounts
// it), and the request's decision for every consentry/react hook below.
export function Providers({ initial, children }) {
  useEffect(() => mountUI(consent), [])
  return <InitialConsent value={initial}>{children}</InitialConsent>
}
