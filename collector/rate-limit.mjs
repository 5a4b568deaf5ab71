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

/**
 * The address a request is counted under. With `trustProxy` set to the number of reverse proxies
 * in front of the collector, each of which appends the address it received the request from to
 * `X-Forwarded-For`, the client is the entry that many hops left of the connection's own address.
 * Entries further left were written by the client itself and are never believed; when the header
 * holds fewer entries than expected, the leftmost one is taken. With `trustProxy` 0 the header is
 * ignored, so a client cannot choose the address it is counted under.
 * @param {import('node:http').IncomingMessage} request
 * @param {number} trustProxy
 */
export const clientAddress = (request, trustProxy) => {
  const connection = request.socket.remoteAddress ?? ''
  if (trustProxy <= 0) return connection
  const header = request.headers['x-forwarded-for']
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  const hops = [...forwarded, connection]
  return hops[Math.max(0, hops.length - 1 - trustProxy)] ?? connection
}
