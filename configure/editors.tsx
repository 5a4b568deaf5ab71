/** The configurator's forms (docs/reference.md, Configurator): the site, its purposes, its vendors. */
import { useState } from 'preact/hooks'
import { presets } from '../src/presets/index'
import { COMMON_PURPOSES, optionFields, PRESETS, presetVendor, textIn, withTextIn, type Json } from './model'

export interface EditorProps {
  manifest: Json
  update(next: Json): void
  /** The language the texts are written in: the manifest's `defaultLocale`. */
  locale: string
  locales: string[]
}

const value = (event: Event) => (event.currentTarget as HTMLInputElement).value

/** Who asks, the policy, the default language and the receipts' address. */
export const SiteFields = ({ manifest, update, locale, locales }: EditorProps) => (
  <fieldset>
    <legend>Your site</legend>
    <label>
      Company or person responsible (controller)
      <input value={textIn(manifest.controller, locale)} onInput={(e) => update({ ...manifest, controller: withTextIn(manifest.controller, locale, value(e)) })} />
    </label>
    <label>
      Privacy policy address
      <input value={manifest.policyUrl ?? ''} onInput={(e) => update({ ...manifest, policyUrl: value(e) })} />
    </label>
    <label>
      Default language
      <select value={manifest.defaultLocale ?? 'en'} onChange={(e) => update({ ...manifest, defaultLocale: value(e) })}>
        {locales.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
    </label>
    <label>
      Consent records address (log.endpoint, optional)
      <input
        value={manifest.log?.endpoint ?? ''}
        placeholder="https://records.example.com/receipts"
        onInput={(e) => {
          const { log: _log, ...rest } = manifest
          update(value(e) ? { ...rest, log: { endpoint: value(e) } } : rest)
        }}
      />
    </label>
  </fieldset>
)

const without = (list: Json[], index: number) => list.filter((_, i) => i !== index)
const replaced = (list: Json[], index: number, entry: Json) => list.map((one, i) => (i === index ? entry : one))

/** One purpose: its texts, whether it is required, and a button to remove it. */
const PurposeFields = ({ manifest, update, locale, index }: EditorProps & { index: number }) => {
  const purposes: Json[] = manifest.purposes ?? []
  const purpose = purposes[index]!
  const set = (entry: Json) => update({ ...manifest, purposes: replaced(purposes, index, entry) })
  return (
    <fieldset class="entry">
      <legend>Purpose “{String(purpose.id)}”</legend>
      <label>
        Title
        <input value={textIn(purpose.title, locale)} onInput={(e) => set({ ...purpose, title: withTextIn(purpose.title, locale, value(e)) })} />
      </label>
      <label>
        Description
        <textarea rows={2} value={textIn(purpose.description, locale)} onInput={(e) => set({ ...purpose, description: withTextIn(purpose.description, locale, value(e)) })} />
      </label>
      <label class="inline">
        <input type="checkbox" checked={!!purpose.required} onChange={(e) => set({ ...purpose, required: (e.currentTarget as HTMLInputElement).checked || undefined })} />
        Required (always on: the site cannot work without it)
      </label>
      <button type="button" onClick={() => update({ ...manifest, purposes: without(purposes, index) })}>
        Remove purpose “{String(purpose.id)}”
      </button>
    </fieldset>
  )
}

/** The common purposes to tick, each purpose's texts, and a purpose of one's own. */
export const PurposesEditor = (props: EditorProps) => {
  const { manifest, update } = props
  const purposes: Json[] = manifest.purposes ?? []
  const [own, setOwn] = useState('')
  const toggle = (common: Json, on: boolean) =>
    update({ ...manifest, purposes: on ? [...purposes, { ...common }] : purposes.filter((one) => one?.id !== common.id) })
  return (
    <section aria-labelledby="purposes-heading">
      <h2 id="purposes-heading">Purposes</h2>
      <fieldset>
        <legend>Common purposes</legend>
        {COMMON_PURPOSES.map((common) => (
          <label class="inline" key={common.id}>
            <input type="checkbox" checked={purposes.some((one) => one?.id === common.id)} onChange={(e) => toggle(common, (e.currentTarget as HTMLInputElement).checked)} />
            {common.title}
          </label>
        ))}
      </fieldset>
      {purposes.map((_, index) => (
        <PurposeFields key={index} {...props} index={index} />
      ))}
      <form
        class="add"
        onSubmit={(event) => {
          event.preventDefault()
          if (!own) return
          update({ ...manifest, purposes: [...purposes, { id: own, title: own, description: '' }] })
          setOwn('')
        }}
      >
        <label>
          A purpose of your own (its id: lowercase letters, digits, - and _)
          <input value={own} onInput={(e) => setOwn(value(e))} />
        </label>
        <button type="submit">Add purpose</button>
      </form>
    </section>
  )
}

/** One vendor: its id, the purposes it serves, its preset's options. */
const VendorFields = ({ manifest, update, index }: EditorProps & { index: number }) => {
  const vendors: Json[] = manifest.vendors ?? []
  const vendor = vendors[index]!
  const set = (entry: Json) => update({ ...manifest, vendors: replaced(vendors, index, entry) })
  const served: unknown[] = Array.isArray(vendor.purposes) ? vendor.purposes : []
  const name = presets[vendor.preset]?.name ?? vendor.name ?? vendor.id
  return (
    <fieldset class="entry">
      <legend>
        {String(name)} {vendor.preset ? `(preset ${vendor.preset})` : ''}
      </legend>
      <label>
        Id
        <input value={vendor.id ?? ''} onInput={(e) => set({ ...vendor, id: value(e) })} />
      </label>
      <fieldset>
        <legend>Needs the purposes</legend>
        {(manifest.purposes ?? []).map((purpose: Json) => (
          <label class="inline" key={purpose?.id}>
            <input
              type="checkbox"
              checked={served.includes(purpose?.id)}
              onChange={(e) => set({ ...vendor, purposes: (e.currentTarget as HTMLInputElement).checked ? [...served, purpose.id] : served.filter((id) => id !== purpose.id) })}
            />
            {String(purpose?.id)}
          </label>
        ))}
      </fieldset>
      {vendor.preset &&
        optionFields(vendor.preset).map((field) => (
          <label key={field.key}>
            {field.key} {field.required ? '(required)' : '(optional)'}: {field.hint}
            <input
              value={vendor.options?.[field.key] ?? ''}
              onInput={(e) => {
                const { [field.key]: _old, ...options } = vendor.options ?? {}
                set({ ...vendor, options: value(e) ? { ...options, [field.key]: value(e) } : options })
              }}
            />
          </label>
        ))}
      <button type="button" onClick={() => update({ ...manifest, vendors: without(vendors, index) })}>
        Remove vendor “{String(vendor.id)}”
      </button>
    </fieldset>
  )
}

/** The vendors, and a preset to add. */
export const VendorsEditor = (props: EditorProps) => {
  const { manifest, update } = props
  const [preset, setPreset] = useState(PRESETS[0]!.id)
  return (
    <section aria-labelledby="vendors-heading">
      <h2 id="vendors-heading">Vendors</h2>
      {(manifest.vendors ?? []).map((_: Json, index: number) => (
        <VendorFields key={index} {...props} index={index} />
      ))}
      <form
        class="add"
        onSubmit={(event) => {
          event.preventDefault()
          update({ ...manifest, vendors: [...(manifest.vendors ?? []), presetVendor(preset, manifest)] })
        }}
      >
        <label>
          Vendor preset
          <select value={preset} onChange={(e) => setPreset(value(e))}>
            {PRESETS.map((one) => (
              <option key={one.id} value={one.id}>
                {one.name} ({one.id})
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Add vendor</button>
      </form>
    </section>
  )
}
