/**
 * A tiny element tree for markup built without Preact: the cookie declaration (ui/declaration.ts)
 * is one tree, written as HTML text by `npx consentry declaration` and as DOM nodes in the page,
 * so that both are the same markup (docs/reference.md, Cookie declaration).
 */

/** An element: tag, attributes in order, children. Text is a string, never parsed as HTML. */
export interface Element_ {
  tag: string
  attributes: [string, string][]
  children: Child[]
}
export type Child = Element_ | string

type Children = (Child | Children | false | null | undefined)[]

const flat = (children: Children): Child[] =>
  children.flatMap((child) => (Array.isArray(child) ? flat(child) : child || child === '' ? [child] : []))

/** `h('a', { href }, 'text', …)`: attributes whose value is `undefined` are left out. */
export const h = (tag: string, attributes: Record<string, string | undefined> = {}, ...children: Children): Element_ => ({
  tag,
  attributes: Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] !== undefined),
  children: flat(children),
})

/** Elements that have no end tag. */
const VOID = ['br', 'col', 'hr', 'img', 'wbr']

/** Escaped as the browser's own serializer does (HTML, "Serializing HTML fragments"). */
const text = (value: string) => value.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/\u00a0/g, '&nbsp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The tree as HTML text. */
export const toHtml = (node: Child): string => {
  if (typeof node === 'string') return text(node)
  const open = `<${node.tag}${node.attributes.map(([name, value]) => ` ${name}="${attribute(value)}"`).join('')}>`
  return VOID.includes(node.tag) ? open : `${open}${node.children.map(toHtml).join('')}</${node.tag}>`
}

/** The tree as DOM nodes of `document`: text stays text, so manifest text can never become markup. */
export const toDom = (node: Child, document: Document): Node => {
  if (typeof node === 'string') return document.createTextNode(node)
  const element = document.createElement(node.tag)
  for (const [name, value] of node.attributes) element.setAttribute(name, value)
  for (const child of node.children) element.appendChild(toDom(child, document))
  return element
}
