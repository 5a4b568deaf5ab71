/**
 * `consentry validate --stamp` (docs/reference.md §12): writes into a valid manifest file the
 * `stamp` of its content (src/core/stamp.ts). Only the stamp's text changes: it replaces an old stamp
 * where it stood, or is added as the last key, on a line of its own indented as the first key.
 * When that edit cannot be made safely, the file is rewritten as `JSON.stringify` writes it, with
 * its indentation, line endings, final newline and byte order mark. The file is replaced at once
 * (a new file renamed over it), and only with a manifest the validator accepts.
 */
import { rename, stat, unlink, writeFile } from 'node:fs/promises'
import { validateManifest } from '../src/manifest/validate'
import { stampOf } from '../src/core/stamp'
import type { ManifestIssue } from '../src/core/types'

/** The layout of a JSON text: its indentation (none for one line), line ending, BOM and final newline. */
export const layoutOf = (text: string) => {
  const bom = text.charCodeAt(0) === 0xfeff
  const body = bom ? text.slice(1) : text
  const eol = body.includes('\r\n') ? '\r\n' : '\n'
  const multiline = /\n/.test(body.trim())
  const indent = multiline ? (/^[{[]\s*?\r?\n([ \t]+)\S/.exec(body.trimStart())?.[1] ?? '  ') : ''
  return { bom, eol, indent, finalNewline: /\n$/.test(body) }
}

/** `manifest` with `stamp` set to its stamp, every other key in place. */
export const withStamp = (manifest: Record<string, unknown>): Record<string, unknown> => {
  const stamp = stampOf(manifest)
  if ('stamp' in manifest) return Object.fromEntries(Object.entries(manifest).map(([key, value]) => [key, key === 'stamp' ? stamp : value]))
  return { ...manifest, stamp }
}

/** Texts that differ from `text` by the stamp alone: an old stamp's value replaced, or a last key added. */
const edits = (text: string, stamp: string): string[] => {
  const value = JSON.stringify(stamp)
  const olds = [...text.matchAll(/("stamp"\s*:\s*)"[^"\\]*"/g)].reverse()
  const replaced = olds.map((old) => text.slice(0, old.index) + old[1] + value + text.slice(old.index! + old[0].length))
  const close = text.lastIndexOf('}')
  const last = text.slice(0, close).trimEnd()
  const { eol, indent } = layoutOf(text)
  const spaced = /":\s/.test(text) ? ': ' : ':'
  const added = indent
    ? `${last},${eol}${indent}"stamp"${spaced}${value}${eol}${text.slice(close)}`
    : `${last},${spaced === ': ' ? ' ' : ''}"stamp"${spaced}${value}${text.slice(close)}`
  return close < 0 ? replaced : [...replaced, added]
}

/** The text of a stamped manifest: `text` with only the stamp changed, or rewritten in its layout. */
export const stampedText = (text: string, manifest: Record<string, unknown>): string => {
  const stamped = withStamp(manifest)
  const expected = JSON.stringify(stamped)
  const same = (candidate: string) => {
    try {
      return JSON.stringify(JSON.parse(candidate.replace(/^\uFEFF/, ''))) === expected
    } catch {
      return false
    }
  }
  const edited = edits(text, stamped.stamp as string).find(same)
  if (edited !== undefined) return edited
  const { bom, eol, indent, finalNewline } = layoutOf(text)
  const json = JSON.stringify(stamped, null, indent || undefined).replace(/\n/g, eol)
  return `${bom ? '\uFEFF' : ''}${json}${finalNewline ? eol : ''}`
}

type Stamped = { stamp: string } | { status: 'invalid' | 'unreadable'; issues: ManifestIssue[]; error: string }

/** Stamps a valid manifest read from `file` as `text`; resolves to the stamp, or why it was not written. */
export const stampFile = async (file: string, text: string, manifest: Record<string, unknown>): Promise<Stamped> => {
  const next = stampedText(text, manifest)
  const stamped = withStamp(manifest)
  const check = validateManifest(JSON.parse(next.replace(/^\uFEFF/, '')))
  if (!check.ok) return { status: 'invalid', issues: check.issues, error: 'not stamped: the stamped manifest would be invalid' }
  if (next === text) return { stamp: stamped.stamp as string }
  const temporary = `${file}.${process.pid}.stamping`
  try {
    await writeFile(temporary, next, { flag: 'wx', mode: (await stat(file)).mode & 0o7777 })
    await rename(temporary, file)
  } catch (error: any) {
    await unlink(temporary).catch(() => {})
    const reason = error?.code === 'EACCES' || error?.code === 'EPERM' ? 'permission denied' : String(error?.message ?? error)
    return { status: 'unreadable', issues: [], error: `cannot be stamped: ${reason}` }
  }
  return { stamp: stamped.stamp as string }
}
