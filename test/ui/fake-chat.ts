import { vi } from 'vitest'
import { presets } from '../../src/presets/index'
import { presetLoaders } from '../../src/presets/lazy'
import { preloadAll } from '../../src/instance/create'

/** Calls of the fake chat widget, in order. */
export const widget: string[] = []

/**
 * A chat preset standing in for a real one (tawk.to, Zendesk): registered before the manifest
 * schema is read, so that a manifest may name it.
 */
presets.fakechat = {
  name: 'FakeChat',
  country: 'DE',
  privacyPolicy: 'https://fakechat.example/privacy',
  cookies: [{ name: 'fc_id', days: 180 }],
  storage: [],
  hosts: ['fakechat.example'],
  options: { type: 'object', properties: {}, additionalProperties: false },
  chat: true,
  load: vi.fn(() => void widget.push('load')),
  open: vi.fn(() => void widget.push('open')),
}
// createConsent loads presets on first need (src/presets/lazy.ts): the fake one is loaded now, as
// test/setup.ts loads the real ones, so that instances naming it start at once.
presetLoaders.fakechat = async () => ({ fakechat: presets.fakechat! })
await preloadAll()
