import { headers } from 'next/headers'
import { readConsent } from 'consentry/server'
import manifest from './consent.json'
import { Settings, Status, Video } from './widgets'

// A server component reading the request's decision itself (docs/reference.md §11).
export default async function Page() {
  const server = readConsent((await headers()).get('cookie') ?? '', manifest)
  return (
    <main>
      <h1>Help centre</h1>
      <p id="server-analytics">Server: usage statistics {server.purposes.analytics ? 'on' : 'off'}</p>
      <Status />
      <h2>Approving a payroll run</h2>
      <Video />
      <Settings />
    </main>
  )
}
