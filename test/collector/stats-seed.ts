/**
 * A small set of receipts whose stats are worked out by hand, for the tests of GET /stats and of
 * the console. Purposes: `necessary` (required: granted by every receipt), `analytics`, `marketing`.
 *
 * | receipt | decided (UTC)        | version | region | granted              | kind         |
 * | r1      | 2026-10-01 08:00     | 3       | EU     | all                  | accepted all |
 * | r2      | 2026-10-01 13:00     | 3       | EU     | necessary            | rejected all |
 * | r3      | 2026-10-01 20:00     | 3       | —      | necessary, analytics | chose        |
 * | r4      | 2026-10-02 10:00     | 3       | EU     | all                  | accepted all |
 * | r5      | 2026-10-02 23:00     | 4       | US-CA  | all                  | accepted all |
 * | r6      | 2026-10-03 06:00     | 4       | US-CA  | necessary            | rejected all |
 * | r7      | 2026-10-03 18:00     | 3       | —      | necessary, analytics | chose        |
 * and two just outside 2026-10-01 – 2026-10-03: 2026-09-30 23:59:59.999 and 2026-10-04 00:00.
 */
export const SEED_IDS = ['seed-r1-0001', 'seed-r2-0002', 'seed-r3-0003', 'seed-r4-0004', 'seed-r5-0005', 'seed-r6-0006', 'seed-r7-0007']

const all = { necessary: true, analytics: true, marketing: true }
const none = { necessary: true, analytics: false, marketing: false }
const analytics = { necessary: true, analytics: true, marketing: false }

const make = (id: string, timestamp: string, version: number, region: string | undefined, purposes: Record<string, boolean>) => ({
  id,
  version,
  timestamp,
  source: 'banner',
  locale: 'en',
  purposes,
  vendors: { ga4: purposes.analytics!, ads: purposes.marketing! },
  url: 'https://shop.example/',
  gpc: false,
  ...(region && { region }),
})

export const SEED = [
  make(SEED_IDS[0]!, '2026-10-01T08:00:00.000Z', 3, 'EU', all),
  make(SEED_IDS[1]!, '2026-10-01T13:00:00.000Z', 3, 'EU', none),
  make(SEED_IDS[2]!, '2026-10-01T20:00:00.000Z', 3, undefined, analytics),
  make(SEED_IDS[3]!, '2026-10-02T10:00:00.000Z', 3, 'EU', all),
  make(SEED_IDS[4]!, '2026-10-02T23:00:00.000Z', 4, 'US-CA', all),
  make(SEED_IDS[5]!, '2026-10-03T06:00:00.000Z', 4, 'US-CA', none),
  make(SEED_IDS[6]!, '2026-10-03T18:00:00.000Z', 3, undefined, analytics),
  make('seed-before-0008', '2026-09-30T23:59:59.999Z', 3, 'EU', all),
  make('seed-after-00009', '2026-10-04T00:00:00.000Z', 3, 'EU', none),
]

/** POSTs the seed to a collector, as browsers send receipts. */
export const sendSeed = async (url: string) => {
  for (const receipt of SEED) {
    const response = await fetch(`${url}/receipts`, { method: 'POST', body: JSON.stringify(receipt), headers: { 'content-type': 'text/plain' } })
    if (response.status !== 204) throw new Error(`POST /receipts: ${response.status} ${await response.text()}`)
  }
}
