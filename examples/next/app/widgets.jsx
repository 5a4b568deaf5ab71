'use client'
import { Consented, useGranted } from 'consentry/react'
import { consent } from './consent'

export function Status() {
  const analytics = useGranted(consent, 'analytics')
  return <p id="browser-analytics">Usage statistics: {analytics ? 'on' : 'off'}</p>
}

export function Video() {
  return (
    <Consented
      consent={consent}
      id="youtube"
      fallback={
        <p id="video-off">
          The help video plays from YouTube, which may set cookies.{' '}
          <button type="button" onClick={() => consent.set({ youtube: true })}>
            Allow YouTube
          </button>
        </p>
      }
    >
      <iframe
        title="Approving a payroll run"
        src="https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0"
        width="560"
        height="315"
        allowFullScreen
      />
    </Consented>
  )
}

export function Settings() {
  return (
    <button type="button" onClick={() => consent.showPreferences()}>
      Cookie settings
    </button>
  )
}
