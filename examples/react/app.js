// A small React app on consentry/react (docs/reference.md §11), bundled by `npm run build` into
// examples/react/app.bundle.js. The banner comes from the page's script tag; the app reads the
// same instance, window.consent, and re-renders when the decision changes, in any tab.
import { createElement as h, StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Consented, useGranted } from '../../src/bindings/react'

const VIDEO = 'https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0'

const VideoHelp = ({ consent }) =>
  h(
    'section',
    { 'aria-labelledby': 'video-title' },
    h('h2', { id: 'video-title' }, 'Approving a payroll run'),
    h(
      Consented,
      {
        consent,
        id: 'youtube',
        fallback: h(
          'p',
          { className: 'video-off' },
          'The help video plays from YouTube, which may set cookies. ',
          h('button', { type: 'button', onClick: () => consent.set({ youtube: true }) }, 'Allow YouTube'),
        ),
      },
      h('iframe', { className: 'video', title: 'Approving a payroll run', src: VIDEO, allowFullScreen: true }),
    ),
  )

const Status = ({ consent }) =>
  h('p', { id: 'usage-status' }, useGranted(consent, 'monitoring') ? 'Usage monitoring is on.' : 'Usage monitoring is off.')

const App = ({ consent }) =>
  h(
    StrictMode,
    null,
    h('h1', null, 'Help centre'),
    h(Status, { consent }),
    h(VideoHelp, { consent }),
    h('p', null, h('a', { href: '#', 'data-consent-open': '' }, 'Cookie settings')),
  )

const render = (consent) => createRoot(document.getElementById('app')).render(h(App, { consent }))
// Before consentry.js has run, window.consent is a queue; after, it is the instance itself.
if (window.consent && !Array.isArray(window.consent)) window.consent.ready.then(render, () => {})
else (window.consent = window.consent || []).push(render)
