/** What the build writes to `dist/manifest.schema.json`: the schema with every preset. */
import { manifestSchemaFor } from './manifest-schema'
import { presets } from '../presets/index'

export const manifestSchema = manifestSchemaFor(presets)
