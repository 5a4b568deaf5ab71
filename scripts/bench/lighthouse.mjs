/**
 * Lighthouse on each tool's first-visit page: its default (mobile) preset, driving the bench's own
 * Chromium through its remote debugging port. Lighthouse opens its own tab, clears the origin's
 * storage first (so every run is a first visit), loads the page unthrottled and simulates a
 * mid-range phone on a slow 4G network from that load (its "simulate" throttling).
 */
import lighthouse from 'lighthouse'

/** The audits read, by the name of the bench's column. */
export const AUDITS = { lcp: 'largest-contentful-paint', tbt: 'total-blocking-time' }

/**
 * One Lighthouse run on `url`: Largest Contentful Paint and Total Blocking Time in ms.
 * @returns {Promise<{ lcp: number, tbt: number }>}
 */
export const lighthouseRun = async (port, url) => {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyAudits: Object.values(AUDITS),
  })
  const lhr = result?.lhr
  if (!lhr) throw new Error(`Lighthouse returned no report for ${url}`)
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`)
  if (lhr.configSettings.formFactor !== 'mobile') throw new Error(`Lighthouse ran as ${lhr.configSettings.formFactor}, not mobile`)
  const values = {}
  for (const [key, id] of Object.entries(AUDITS)) {
    const audit = lhr.audits[id]
    if (typeof audit?.numericValue !== 'number')
      throw new Error(`Lighthouse gave no ${id} for ${url}: ${audit?.errorMessage ?? 'no value'}`)
    values[key] = audit.numericValue
  }
  return values
}

/** Lighthouse's version, for the report. */
export const lighthouseVersion = async () => {
  const { readFileSync } = await import('node:fs')
  const file = new URL('../../node_modules/lighthouse/package.json', import.meta.url)
  return JSON.parse(readFileSync(file, 'utf8')).version
}
