import type { ConsentInternals } from '../src/instance/consent'
import { adoptStyles } from '../src/browser/floating-button'
import { CSS } from './styles'
import { direction } from './texts'
import { classes } from './classes'

const THEME = { accent: 'accent', accentText: 'accent-text', background: 'background', text: 'text', radius: 'radius' } as const

/**
 * A shadow host for a piece of the UI: the host page's CSS cannot reach inside, ours cannot leak
 * out. The manifest's theme becomes `--consentry-*` properties on the host (CSSOM, CSP-safe).
 */
export const createHost = (name: string, internals: ConsentInternals): { host: HTMLElement; root: ShadowRoot } => {
  const host = document.createElement(name)
  const root = host.attachShadow({ mode: 'open' })
  adoptStyles(root, CSS, internals.nonce)
  const theme = internals.manifest?.ui.theme ?? {}
  for (const [key, name] of Object.entries(THEME)) {
    const value = theme[key as keyof typeof THEME]
    if (value) host.style.setProperty(`--consentry-${name}`, value)
  }
  return { host, root }
}

/** The attributes of every UI root: its language, direction and colour scheme. */
export const rootAttributes = (internals: ConsentInternals, extra = '') => {
  const scheme = internals.manifest?.ui.theme?.scheme ?? 'auto'
  return {
    class: `${classes.root} ${scheme === 'light' ? '' : scheme} ${extra}`.trim(),
    lang: internals.locale,
    dir: direction(internals.locale),
  }
}
