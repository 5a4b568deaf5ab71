// @ts-check

/**
 * A per-client request limit over fixed one-minute windows, held in memory only and bounded: when
 * `maxClients` are tracked, the client seen longest ago is forgotten first, so a flood of
 * addresses costs at most `maxClients` small entries. The addresses are never written anywhere.
 * @param {{ perMinute: number, maxClients?: number, now?: () => number }} options
 * @returns {(client: string) => boolean} whether `client` may make one more request now
 */
export const rateLimiter = ({ perMinute, maxClients = 10_000, now = Date.now }) => {
  /** @type {Map<string, { start: number, count: number }>} */
  const clients = new Map()
  return (client) => {
    if (perMinute <= 0) return true
    const time = now()
    let entry = clients.get(client)
    if (!entry || time - entry.start >= 60_000) {
      clients.delete(client)
      entry = { start: time, count: 0 }
      // Map keeps insertion order: the first key is the client whose window started longest ago.
      if (clients.size >= maxClients) clients.delete(/** @type {string} */ (clients.keys().next().value))
      clients.set(client, entry)
    }
    entry.count++
    return entry.count <= perMinute
  }
}
