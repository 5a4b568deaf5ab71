/**
 * `dist/consentry-regions.js`: the rules per region (docs/reference.md §10), fetched with the
 * presets when a manifest has `regions`.
 */
import { forRegion } from '../../regions/for-region'
import { answer } from '../chunk'

answer('regions', forRegion)
