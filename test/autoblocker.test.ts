import { expect, test } from 'vitest'
import { matchesHost } from '../src/browser/autoblocker'

test('matches a host name exactly, and a *. wildcard to subdomains only', () => {
  const cases: [string, string][] = [
    ['cdn.acme.example', 'cdn.acme.example'],
    ['cdn.acme.example', '*.acme.example'],
    ['a.b.acme.example', '*.acme.example'],
    ['acme.example', '*.acme.example'],
    ['evilacme.example', '*.acme.example'],
    ['cdn.acme.example.evil', '*.acme.example'],
    ['www.acme.example', 'cdn.acme.example'],
  ]
  expect(cases.map(([host, pattern]) => matchesHost(host, pattern))).toEqual([true, true, true, false, false, false, false])
})
