import type { Page } from 'playwright-core'

/** What a page said: console errors and warnings, and what escaped into it uncaught. */
export interface Watched {
  errors: string[]
  warnings: string[]
  /** Uncaught exceptions and unhandled rejections of the page. */
  uncaught: string[]
}

/** Collects what `page` says from now on. */
export const watch = (page: Page): Watched => {
  const watched: Watched = { errors: [], warnings: [], uncaught: [] }
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text())
    if (message.type() === 'warning') watched.warnings.push(message.text())
  })
  page.on('pageerror', (error) => watched.uncaught.push(error.message))
  return watched
}

/** consentry's own lines of a list of console messages. */
export const own = (lines: string[]): string[] => lines.filter((line) => line.startsWith('[consentry]'))

export const ready = (page: Page) =>
  page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')

export const settled = (page: Page) =>
  page.waitForFunction(() => ['ready', 'error'].includes((window as any).consent?.$state?.get().status))

/** The consent banner's region, inside consentry's shadow root (Playwright's locators pierce it). */
export const banner = (page: Page) => page.getByRole('region', { name: 'Your privacy choices' })
