/**
 * `dist/consentry-prefs.js`: the preferences dialog, fetched by the UI chunk the first time the
 * dialog opens (ui/browser.ts), with the English of the strings only it shows.
 */
export { Preferences } from './preferences'
// Only the dialog's strings (rollup.config.mjs, `json('dialog')`): the UI chunk has the rest.
export { default as strings } from '../locales/en.json'
