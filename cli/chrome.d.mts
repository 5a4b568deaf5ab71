export declare const CHROME_CANDIDATES: string[]
export declare const findChrome: () => string | undefined
export declare const CHROMIUM_ARGS: string[]
