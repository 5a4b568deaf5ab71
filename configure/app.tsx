/**
 * The configurator (docs/reference.md, Configurator): a manifest built with forms or as JSON,
 * checked by the validator the script tag runs as it is typed, previewed with the real consent UI,
 * and downloaded stamped.
 */
import { render } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { formatIssue, validateManifest } from '../src/manifest/validate'
import { parseManifestText } from '../src/manifest/text'
import { labels } from 'virtual:locales'
import { PurposesEditor, SiteFields, VendorsEditor } from './editors'
import { fileText, scriptTags, starter, type Json } from './model'

const LOCALES = Object.keys(labels).sort()
const pretty = (manifest: Json) => JSON.stringify(manifest, null, 2)

/** Problems of the manifest as the validator words them, each with its JSON path. */
const Problems = ({ problems }: { problems: string[] }) => (
  <section aria-labelledby="problems-heading">
    <h2 id="problems-heading">Problems</h2>
    <p role="status" id="problems-count">
      {problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix` : 'No problems: the manifest is valid.'}
    </p>
    {problems.length > 0 && (
      <ul class="problems">
        {problems.map((problem, i) => (
          <li key={i}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
    )}
  </section>
)

/** The manifest as JSON, to read, paste or edit; and a file to open. */
const Source = ({ text, onText }: { text: string; onText(text: string): void }) => (
  <section aria-labelledby="json-heading">
    <h2 id="json-heading">consent.json</h2>
    <label>
      Open an existing manifest
      <input type="file" accept=".json,application/json" onChange={async (e) => {
        const file = (e.currentTarget as HTMLInputElement).files?.[0]
        if (file) onText(await file.text())
      }} />
    </label>
    <label>
      The manifest as JSON (edit or paste)
      <textarea class="json" rows={16} spellcheck={false} value={text} onInput={(e) => onText((e.currentTarget as HTMLTextAreaElement).value)} />
    </label>
  </section>
)

/** The real banner and dialog, in a frame of phone or desktop width. */
const Preview = ({ manifest }: { manifest: Json }) => {
  const [locale, setLocale] = useState('en')
  const [scheme, setScheme] = useState<'light' | 'dark'>('light')
  const [width, setWidth] = useState<'phone' | 'desktop'>('desktop')
  const [src, setSrc] = useState('')
  const frame = useRef<HTMLIFrameElement>(null)
  useEffect(() => {
    const timer = setTimeout(() => setSrc(`preview.html?${Date.now()}#${encodeURIComponent(JSON.stringify({ manifest, locale, scheme }))}`), 250)
    return () => clearTimeout(timer)
  }, [manifest, locale, scheme])
  const send = (message: string) => frame.current?.contentWindow?.postMessage(message, '*')
  const choice = (name: string, options: string[], current: string, set: (v: any) => void) => (
    <fieldset class="choices">
      <legend>{name}</legend>
      {options.map((option) => (
        <label class="inline" key={option}>
          <input type="radio" name={name} checked={current === option} onChange={() => set(option)} />
          {option}
        </label>
      ))}
    </fieldset>
  )
  return (
    <section aria-labelledby="preview-heading" class="preview">
      <h2 id="preview-heading">Preview</h2>
      <div class="controls">
        <label>
          Preview language
          <select value={locale} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value)}>
            {LOCALES.map((code) => (
              <option key={code} value={code}>{code}</option>
            ))}
          </select>
        </label>
        {choice('Width', ['phone', 'desktop'], width, setWidth)}
        {choice('Colours', ['light', 'dark'], scheme, setScheme)}
        <button type="button" onClick={() => send('consentry-preview:banner')}>Show the banner</button>
        <button type="button" onClick={() => send('consentry-preview:preferences')}>Open the preferences</button>
      </div>
      <div class="frame">
        {src && <iframe ref={frame} class={width} title="Preview of the consent banner and dialog" src={src} />}
      </div>
    </section>
  )
}

/** The stamped file and the tags to paste. */
const Output = ({ manifest, valid }: { manifest: Json; valid: boolean }) => {
  const [copied, setCopied] = useState('')
  const tags = scriptTags(manifest)
  const download = () => {
    const url = URL.createObjectURL(new Blob([fileText(manifest)], { type: 'application/json' }))
    const link = Object.assign(document.createElement('a'), { href: url, download: 'consent.json' })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(tags)
      setCopied('Copied.')
    } catch {
      setCopied('Copying is not allowed here: select the tags and copy them.')
    }
  }
  return (
    <section aria-labelledby="output-heading">
      <h2 id="output-heading">Put it on your site</h2>
      <p>
        <button type="button" disabled={!valid} onClick={download}>Download consent.json</button>{' '}
        {valid ? 'Stamped: browsers skip checking it again.' : 'Fix the problems above to download it.'}
      </p>
      <label>
        The tags for every page, in its head
        <textarea readOnly rows={4} class="json" value={tags} />
      </label>
      <p>
        <button type="button" onClick={copy}>Copy the tags</button> <span role="status">{copied}</span>
      </p>
    </section>
  )
}

/** The whole page. */
export const App = () => {
  const [manifest, setManifest] = useState<Json>(starter)
  const [text, setText] = useState(() => pretty(starter()))
  const [parseError, setParseError] = useState('')
  const result = useMemo(() => validateManifest(manifest), [manifest])
  const problems = [...(parseError ? [parseError] : []), ...(result.ok ? [] : result.issues.map(formatIssue))]
  const update = (next: Json) => {
    setManifest(next)
    setText(pretty(next))
    setParseError('')
  }
  const onText = (typed: string) => {
    setText(typed)
    const parsed = parseManifestText(typed)
    if (!parsed.ok) return setParseError(`(JSON): ${parsed.message}`)
    if (!parsed.input || typeof parsed.input !== 'object' || Array.isArray(parsed.input)) return setParseError('(JSON): the manifest must be an object { … }')
    setParseError('')
    setManifest(parsed.input as Json)
  }
  const props = { manifest, update, locale: manifest.defaultLocale ?? 'en', locales: LOCALES }
  return (
    <>
      <header>
        <h1>consentry configurator</h1>
        <p>Build your consent.json: pick purposes and vendors, see the banner your visitors will see, download the file.</p>
      </header>
      <main>
        <div class="edit">
          <SiteFields {...props} />
          <PurposesEditor {...props} />
          <VendorsEditor {...props} />
          <Source text={text} onText={onText} />
        </div>
        <div class="see">
          <Problems problems={problems} />
          <Preview manifest={manifest} />
          <Output manifest={manifest} valid={result.ok && !parseError} />
        </div>
      </main>
    </>
  )
}

render(<App />, document.getElementById('app')!)
