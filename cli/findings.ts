/**
 * From what three profiles saw to what the owner must fix (docs/reference.md §12): violations
 * before consent and after refusal, undeclared items with the entry to add, declared items never seen.
 */
import type { Manifest, ManifestInput, ManifestIssue } from '../src/core/types'
import { allowed, attributor, claims, declaredBy } from './attribute'
import { draftVendors } from './draft'
import type { Profile, Seen } from './observe'
import { FOUND, OK } from './output'

export type Phase = 'before' | 'reject' | 'accept'

/** A seen item and whom it is attributed to. */
export interface Item extends Seen {
  vendor: string | null
  preset: string | null
  /** consentry's own decision cookie. */
  own?: boolean
}

export interface Violation extends Item {
  phase: 'before' | 'reject'
  reason: string
}

export interface Undeclared extends Item {
  phases: Phase[]
  /** The vendor entry (JSON) that declares it. */
  suggestion: string
}

export interface NotSeen {
  vendor: string
  kind: 'cookie' | 'storage' | 'host'
  name: string
}

/** The `--json` report; `dist/cli/scan.schema.json` describes it. */
export interface Report {
  url: string
  pages: string[]
  consentry: boolean
  manifest: { source: string; valid: boolean; issues: ManifestIssue[] } | null
  phases: Record<Phase, Item[] | null>
  violations: Violation[]
  undeclared: Undeclared[]
  notSeen: NotSeen[]
  notes: string[]
  exitCode: number
}

/** What the scan gathered, ready to be judged. */
export interface Gathered {
  url: string
  pages: string[]
  consentry: boolean
  manifest: { source: string; input: ManifestInput | null; result: Manifest | null; issues: ManifestIssue[] } | null
  profiles: Record<Phase, Profile | null>
  notes: string[]
}

const PHASES: Phase[] = ['before', 'reject', 'accept']
const keyOf = (item: Seen): string => `${item.kind} ${item.name} ${item.domain ?? ''}`

const reasonFor = (manifest: Manifest | null, item: Item, phase: 'before' | 'reject'): string => {
  if (!item.vendor) return `declared by no vendor${item.preset ? ` (looks like preset "${item.preset}")` : ''}`
  const vendor = manifest!.vendors.find((candidate) => candidate.id === item.vendor)!
  const needs = vendor.purposes.filter((id) => !manifest!.purposes.find((purpose) => purpose.id === id)?.required)
  return `vendor "${item.vendor}" needs ${needs.join(', ')}, ${phase === 'before' ? 'not granted before a decision' : 'refused'}`
}

const violationsOf = (manifest: Manifest | null, phases: Report['phases']): Violation[] =>
  (['before', 'reject'] as const).flatMap((phase) =>
    (phases[phase] ?? [])
      .filter((item) => !item.own && !(item.vendor && manifest && allowed(manifest, item.vendor, phase)))
      .map((item) => ({ ...item, phase, reason: reasonFor(manifest, item, phase) })),
  )

const notSeenOf = (manifest: Manifest | null, seen: Seen[]): NotSeen[] =>
  (manifest?.vendors ?? []).flatMap((vendor) => {
    const declared = declaredBy(vendor)
    const unseen = (kind: NotSeen['kind'], names: string[]): NotSeen[] =>
      names
        .filter((name) => {
          const only = { cookies: [], storage: [], hosts: [], [kind === 'cookie' ? 'cookies' : kind === 'host' ? 'hosts' : 'storage']: [name] }
          return !seen.some((item) => claims(only, item))
        })
        .map((name) => ({ vendor: vendor.id, kind, name }))
    return [...unseen('cookie', declared.cookies), ...unseen('storage', declared.storage), ...unseen('host', [...new Set(declared.hosts)])]
  })

/** Judges what was gathered. */
export const judge = (gathered: Gathered): Report & { draft: ReturnType<typeof draftVendors> } => {
  const manifest = gathered.manifest?.result ?? null
  const attribute = attributor(manifest)
  const phases = Object.fromEntries(
    PHASES.map((phase) => [phase, gathered.profiles[phase]?.items.map((item): Item => {
      const { vendor, own, preset } = attribute(item)
      return { ...item, vendor, preset, ...(own && { own }) }
    }) ?? null]),
  ) as Report['phases']
  const all = new Map<string, Item & { phases: Phase[] }>()
  for (const phase of PHASES)
    for (const item of phases[phase] ?? []) {
      const known = all.get(keyOf(item)) ?? { ...item, phases: [] }
      known.phases.push(phase)
      all.set(keyOf(item), known)
    }
  const missing = [...all.values()].filter((item) => !item.vendor && !item.own)
  const urls = PHASES.flatMap((phase) => gathered.profiles[phase]?.urls ?? [])
  const taken = new Set([...(manifest?.purposes ?? []), ...(manifest?.vendors ?? [])].map((entry) => entry.id))
  const draft = draftVendors(missing, urls, taken, new URL(gathered.url).hostname)
  const byId = new Map(draft.vendors.map((vendor) => [vendor.id, vendor]))
  const undeclared = missing.map((item) => ({ ...item, suggestion: JSON.stringify(byId.get(draft.of.get(item)!)) }))
  const violations = violationsOf(manifest, phases)
  const invalid = !!gathered.manifest && !gathered.manifest.result
  return {
    url: gathered.url,
    pages: gathered.pages,
    consentry: gathered.consentry,
    manifest: gathered.manifest && { source: gathered.manifest.source, valid: !invalid, issues: gathered.manifest.issues },
    phases,
    violations,
    undeclared,
    notSeen: notSeenOf(manifest, [...all.values()]),
    notes: gathered.notes,
    exitCode: violations.length || invalid ? FOUND : OK,
    draft,
  }
}
