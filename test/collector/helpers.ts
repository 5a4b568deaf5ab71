import { randomBytes } from 'node:crypto'

export const TOKEN = 'test-token-0123456789abcdef'
export const ORIGIN = 'https://shop.example'
const DAY = 86_400_000

let counter = 0
/** A fresh consent id, as the browser makes them: 16 characters of [0-9a-z]. */
export const newId = () => (randomBytes(6).toString('hex') + (counter++).toString(36).padStart(4, '0')).slice(0, 16)

/** A valid receipt, dated a day ago unless told otherwise. */
export const receipt = (overrides: Record<string, unknown> = {}) => ({
  id: newId(),
  version: 3,
  timestamp: new Date(Date.now() - DAY).toISOString(),
  source: 'banner',
  locale: 'ro',
  purposes: { necessary: true, analytics: false, marketing: true },
  vendors: { ga4: false, 'meta-pixel': true },
  url: 'https://shop.example/checkout',
  gpc: false,
  ...overrides,
})

export const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()

export const post = (url: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'text/plain' }) =>
  fetch(`${url}/receipts`, { method: 'POST', body, headers })

export const admin = (url: string, path: string, token = TOKEN) =>
  fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })

export const history = async (url: string, id: string): Promise<any[]> => {
  const response = await admin(url, `/receipts/${id}`)
  if (response.status !== 200) throw new Error(`GET /receipts/${id}: ${response.status}`)
  return response.json()
}
