/**
 * `dist/consentry-check.js`: the manifest validator, fetched by the script tag only when the
 * manifest is not the one a stored decision was taken with (docs/architecture.md, Chunks).
 */
import { validateManifest } from '../../manifest/validate'
import { answer } from '../chunk'

answer('check', validateManifest)
