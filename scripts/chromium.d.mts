import type { Browser } from 'playwright-core'

export declare const chromiumPath: () => string
export declare const testChromiumPath: (options?: { install?: boolean }) => string
export declare const CHROMIUM_ARGS: string[]
export declare const launchChromium: () => Promise<Browser>
