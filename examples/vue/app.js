// A small Vue app on consentry/vue (docs/reference.md §11), bundled by `npm run build` into
// examples/vue/app.bundle.js. The banner comes from the page's script tag; the app is given
// window.consent as it finds it, the instance or, before the script tag ran, its queue: the
// composables follow the instance once it is there, and every later decision, in any tab.
import { createApp, defineComponent, h } from 'vue'
import { Consented, useGranted } from '../../src/bindings/vue'

const VIDEO = 'https://www.youtube-nocookie.com/embed/b2bPayr0ll1?rel=0'

const VideoHelp = defineComponent({
  props: { consent: { type: Object, required: true } },
  setup: (props) => () =>
    h('section', { 'aria-labelledby': 'video-title' }, [
      h('h2', { id: 'video-title' }, 'Approving a payroll run'),
      h(
        Consented,
        { consent: props.consent, id: 'youtube' },
        {
          default: () => h('iframe', { class: 'video', title: 'Approving a payroll run', src: VIDEO, allowfullscreen: true }),
          // set({ youtube: true }) allows that one vendor and saves the decision. Through push(),
          // so that a click before the script tag ran waits for the instance.
          fallback: () =>
            h('p', { class: 'video-off' }, [
              'The help video plays from YouTube, which may set cookies. ',
              h('button', { type: 'button', onClick: () => window.consent.push((consent) => consent.set({ youtube: true })) }, 'Allow YouTube'),
            ]),
        },
      ),
    ]),
})

const Status = defineComponent({
  props: { consent: { type: Object, required: true } },
  setup(props) {
    const monitoring = useGranted(props.consent, 'monitoring')
    return () => h('p', { id: 'usage-status' }, monitoring.value ? 'Usage monitoring is on.' : 'Usage monitoring is off.')
  },
})

const App = defineComponent({
  props: { consent: { type: Object, required: true } },
  setup: (props) => () => [
    h('h1', 'Help centre'),
    h(Status, { consent: props.consent }),
    h(VideoHelp, { consent: props.consent }),
    h('p', h('a', { href: '#', 'data-consent-open': '' }, 'Cookie settings')),
  ],
})

createApp(App, { consent: (window.consent ??= []) }).mount('#app')
