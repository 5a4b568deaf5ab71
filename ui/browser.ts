/**
 * `dist/consentry-ui.js`: the UI chunk the script tag fetches only when something must be shown
 * (docs/reference.md §6). It hands its mount function to the loader (src/browser.ts) through an event.
 */
import { mount } from './mount'

document.dispatchEvent(new CustomEvent('consentry:ui', { detail: mount }))
