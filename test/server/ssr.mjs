/**
 * Server-side rendering as a Node server does it, in a process of its own: imports the built
 * `consentry` with traps on `window` and `document`, renders `<Consented>` with React and Vue, and
 * then lets the process end by itself. Prints what it saw as JSON.
 */
// The frameworks first: Vue's DOM runtime itself probes `typeof window` as it loads.
const { createElement } = await import('react')
const { renderToString } = await import('react-dom/server')
const { createSSRApp, h } = await import('vue')
const { renderToString: renderVue } = await import('vue/server-renderer')

const touched = []
for (const name of ['window', 'document', 'navigator', 'localStorage'])
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get: () => void touched.push(name),
  })

const consentry = await import('../../dist/esm/index.js')
await import('../../dist/esm/server.js')
const react = await import('../../dist/esm/react.js')
const vue = await import('../../dist/esm/vue.js')
const touchedOnImport = [...touched]

// A server has no page: drop the traps, as Node has none of these (Node 21+ has `navigator`).
for (const name of ['window', 'document', 'navigator', 'localStorage']) delete globalThis[name]

const manifest = JSON.parse(process.argv[2])
const consent = consentry.createConsent(manifest)
await consent.ready

const reactHtml = renderToString(
  createElement('main', null, [
    createElement(react.Consented, { key: 'a', consent, id: 'analytics', fallback: 'analytics off' }, 'analytics on'),
    createElement(react.Consented, { key: 'n', consent, id: 'necessary' }, createElement('b', null, 'necessary on')),
  ]),
)
const vueHtml = await renderVue(
  createSSRApp({
    render: () =>
      h('main', [
        h(vue.Consented, { consent, id: 'analytics' }, { default: () => 'analytics on', fallback: () => 'analytics off' }),
        h(vue.Consented, { consent, id: 'necessary' }, { default: () => h('b', 'necessary on') }),
      ]),
  }),
)
process.stdout.write(JSON.stringify({ touchedOnImport, reactHtml, vueHtml }))
