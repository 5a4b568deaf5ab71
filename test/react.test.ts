import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { act, createElement, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { createConsent, type Consent } from '../src/index'
import { Consented, useConsent, useGranted } from '../src/bindings/react'
import { clearCookies, manifest } from './helpers'

declare global {
  // React's switch for tests that drive updates through `act`.
  var IS_REACT_ACT_ENVIRONMENT: boolean
}

let root: Root | undefined
let host: HTMLElement

beforeAll(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true
})

afterEach(() => {
  act(() => root?.unmount())
  root = undefined
  host?.remove()
  clearCookies()
})

const render = (node: ReactNode) => {
  host = document.body.appendChild(document.createElement('div'))
  root = createRoot(host)
  act(() => root!.render(node))
  return host
}

/** A component that shows what the hooks return, and counts its renders. */
const renders: string[] = []
const Status = ({ consent }: { consent: Consent }) => {
  const state = useConsent(consent)
  const analytics = useGranted(consent, 'analytics')
  const text = `decided=${state.decided} analytics=${analytics}`
  renders.push(text)
  return createElement('p', null, text)
}

describe('consentry/react', () => {
  test('useConsent and useGranted re-render on a decision taken here', () => {
    renders.length = 0
    const consent = createConsent(manifest())
    const page = render(createElement(Status, { consent }))
    expect(page.textContent).toBe('decided=false analytics=false')
    act(() => consent.set({ analytics: true }))
    expect(page.textContent).toBe('decided=true analytics=true')
    act(() => consent.reset())
    expect(renders).toEqual([
      'decided=false analytics=false',
      'decided=true analytics=true',
      'decided=false analytics=false',
    ])
  })

  test('re-render on a decision taken in another tab', async () => {
    const here = createConsent(manifest())
    const there = createConsent(manifest())
    const page = render(createElement(Status, { consent: here }))
    there.acceptAll()
    await vi.waitFor(() => expect(page.textContent).toBe('decided=true analytics=true'))
    there.rejectAll()
    await vi.waitFor(() => expect(page.textContent).toBe('decided=true analytics=false'))
  })

  test('<Consented> shows its children only while the id is granted, the fallback otherwise', () => {
    const consent = createConsent(manifest())
    const video = createElement('iframe', { title: 'video' })
    const page = render(
      createElement(Consented, { consent, id: 'stats', fallback: createElement('button', null, 'Allow Stats') }, video),
    )
    expect(page.querySelector('iframe')).toBeNull()
    expect(page.textContent).toBe('Allow Stats')
    act(() => consent.set({ analytics: true }))
    expect(page.querySelector('iframe')?.title).toBe('video')
    act(() => consent.set({ stats: false }))
    expect(page.querySelector('iframe')).toBeNull()
  })

  test('<Consented> renders nothing without a fallback', () => {
    const consent = createConsent(manifest())
    const page = render(createElement(Consented, { consent, id: 'analytics' }, 'granted'))
    expect(page.innerHTML).toBe('')
    act(() => consent.acceptAll())
    expect(page.innerHTML).toBe('granted')
  })
})

describe('consentry/react with window.consent', () => {
  test('before the script tag ran it renders nothing granted, then follows the instance once it is there', async () => {
    const Page = () => createElement('p', null, `analytics=${useGranted(window.consent, 'analytics')}`)
    window.consent = []
    const page = render(createElement(Page))
    expect(page.textContent).toBe('analytics=false')
    const consent = createConsent(manifest())
    await consent.ready
    consent.set({ analytics: true })
    window.consent = consent
    await act(async () => void document.dispatchEvent(new CustomEvent('consentry:ready')))
    expect(page.textContent).toBe('analytics=true')
    delete window.consent
  })
})
