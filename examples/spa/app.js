// A tiny single-page app: each route clones its view into <main> after the page has loaded, as a
// framework would. consentry notices the gated elements in them by itself (docs/reference.md §2).
const views = { '#/': 'view-dashboard', '#/usage': 'view-usage', '#/help': 'view-help' }
const main = document.getElementById('view')

const render = () => {
  const template = document.getElementById(views[location.hash] ?? views['#/'])
  main.replaceChildren(template.content.cloneNode(true))
  document.title = `${main.querySelector('h1')?.textContent ?? 'Portal'} – B2B Services portal`
}

addEventListener('hashchange', () => {
  render()
  main.focus()
})
render()
// The footer, with its "Cookie settings" link, arrives late too.
setTimeout(() => document.getElementById('footer').replaceChildren(document.getElementById('footer-content').content.cloneNode(true)), 50)
