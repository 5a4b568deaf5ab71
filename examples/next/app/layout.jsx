import { headers } from 'next/headers'
import { readConsent } from 'consentry/server'
import manifest from './consent.json'
import { Providers } from './providers'

export const metadata = { title: 'Help centre (Next.js) – B2B Services' }

// A server component: the request's decision, read with the browser's rules, for the whole page.
export default async function RootLayout({ children }) {
  const initial = readConsent((await headers()).get('cookie') ?? '', manifest)
  return (
    <html lang="en">
      <body>
        <Providers initial={initial}>{children}</Providers>
      </body>
    </html>
  )
}
