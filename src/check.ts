/**
 * `dist/consentry-check.js`: the manifest validator, fetched by the script tag only when the
 * manifest is not the one a stored decision was taken with (see browser.ts).
 */
import { validateManifest } from './manifest'

document.dispatchEvent(new CustomEvent('consentry:check', { detail: validateManifest }))
