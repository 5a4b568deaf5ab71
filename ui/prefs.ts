/**
 * `dist/consentry-prefs.js`: the preferences dialog, fetched by the UI chunk the first time the
 * dialog opens (ui/browser.ts).
 */
export { Preferences } from './preferences'
