import { expect, test } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { within } from '@testing-library/dom'
import { visit } from './harness'

const localesDir = resolve(__dirname, '../../locales')
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(localesDir, file), 'utf8'))
const english = read('en.json')

test.each(readdirSync(localesDir).filter((file) => file.endsWith('.json')))(
  '%s has exactly the keys of en.json, none empty, with the same placeholders',
  (file) => {
    const strings = read(file)
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort())
    for (const [key, value] of Object.entries(strings)) {
      expect(typeof value === 'string' && value.trim(), `${file} ${key}`).toBeTruthy()
      const placeholders = (text: unknown) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(placeholders(value), `${file} ${key}`).toEqual(placeholders(english[key]))
    }
  },
)

test('speaks Romanian with the Romanian strings, and manifest text in Romanian', async () => {
  const { ui, root } = await visit({}, { locale: 'ro', texts: read('ro.json') as Record<string, string> })
  const banner = ui.getByRole('region', { name: 'Opțiunile dumneavoastră de confidențialitate' })
  expect(within(banner).getByText('Analiză')).toBeTruthy()
  expect(within(banner).getByRole('button', { name: 'Respingeți toate' })).toBeTruthy()
  expect(root.firstElementChild!.getAttribute('lang')).toBe('ro')
  expect(root.firstElementChild!.getAttribute('dir')).toBe('ltr')
})

test('the manifest’s texts win over the locale file, for the language and the exact locale', async () => {
  const { ui } = await visit(
    { texts: { ro: { 'banner.acceptAll': 'Da, tot' }, 'ro-MD': { 'banner.rejectAll': 'Nu, nimic' } } },
    { locale: 'ro-MD', texts: read('ro.json') as Record<string, string> },
  )
  expect(ui.getByRole('button', { name: 'Da, tot' })).toBeTruthy()
  expect(ui.getByRole('button', { name: 'Nu, nimic' })).toBeTruthy()
  expect(ui.getByRole('button', { name: 'Personalizați' })).toBeTruthy()
})

test('localized manifest text falls back to the language, then the default locale, then the first one', async () => {
  const { ui } = await visit(
    {
      defaultLocale: 'de',
      controller: { 'pt-BR': 'Loja', de: 'Laden', fr: 'Boutique' },
      purposes: [
        { id: 'necessary', required: true, title: { fr: 'Nécessaire', es: 'Necesario' }, description: 'x' },
        { id: 'analytics', title: { de: 'Statistik', en: 'Statistics' }, description: 'x' },
      ],
      vendors: [],
    },
    { locale: 'pt' },
  )
  expect(ui.getByRole('region').textContent).toContain('Loja would like')
  expect(ui.getByText('Statistik')).toBeTruthy()
  expect(ui.getByText('Nécessaire')).toBeTruthy()
})

test('speaks Arabic right to left, with the Arabic strings and manifest text in Arabic', async () => {
  const { ui, root, consent } = await visit(
    { controller: { en: 'Example Ltd', ar: 'شركة المثال' } },
    { locale: 'ar', texts: read('ar.json') as Record<string, string> },
  )
  const banner = ui.getByRole('region', { name: 'خياراتك بشأن الخصوصية' })
  expect(banner.textContent).toContain('يودّ شركة المثال استخدام ملفات تعريف الارتباط')
  expect(within(banner).getAllByRole('button').map((button) => button.textContent)).toEqual(['قبول الكل', 'رفض الكل', 'تخصيص'])
  expect(root.firstElementChild!.getAttribute('lang')).toBe('ar')
  expect(root.firstElementChild!.getAttribute('dir')).toBe('rtl')
  consent.showPreferences()
  const dialog = await ui.findByRole('dialog', { name: 'إعدادات ملفات تعريف الارتباط' })
  expect(within(dialog).getByRole('button', { name: 'حفظ الخيارات' })).toBeTruthy()
})

test('isolates cookie and storage names, so a right-to-left line keeps them as written', async () => {
  const { ui, consent } = await visit(
    { vendors: [{ id: 'chat', name: 'Chat', purposes: ['livechat'], cookies: [{ name: '/^twk_/', days: 1 }], storage: ['twk_token', 'ZD-store'] }] },
    { locale: 'ar', texts: read('ar.json') as Record<string, string> },
  )
  consent.showPreferences()
  const dialog = await ui.findByRole('dialog')
  expect(Array.from(dialog.querySelectorAll('bdi'), (name) => name.textContent)).toEqual(['twk_*', 'twk_token', 'ZD-store'])
})

test.each([
  ['ar-EG', 'rtl'],
  ['he', 'rtl'],
  ['mt', 'ltr'],
  ['ga-IE', 'ltr'],
])('the UI root for %s is dir="%s" and carries that lang', async (locale, dir) => {
  const { root } = await visit({}, { locale })
  expect(root.firstElementChild!.getAttribute('dir')).toBe(dir)
  expect(root.firstElementChild!.getAttribute('lang')).toBe(locale)
})

test('hostile manifest strings stay text', async () => {
  const attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
  const { ui, root, consent } = await visit({
    controller: attack,
    purposes: [
      { id: 'necessary', required: true, title: attack, description: attack },
      { id: 'analytics', title: 'Analytics', description: 'x' },
    ],
    vendors: [{ id: 'stats', name: attack, purposes: ['analytics'], cookies: [{ name: 'st', days: 1 }] }],
    texts: { en: { 'banner.title': attack } },
  })
  expect(ui.getByRole('region', { name: attack }).textContent).toContain(`${attack} would like`)
  consent.showPreferences()
  await ui.findByRole('dialog')
  expect(root.querySelectorAll('img, script')).toHaveLength(0)
  expect(ui.getAllByText(attack, { exact: false }).length).toBeGreaterThan(2)
  expect((window as any).pwned).toBeUndefined()
})
