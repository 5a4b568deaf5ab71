export declare const APP: string
export declare const NEXT_ENV: NodeJS.ProcessEnv
export declare const hash: (...parts: (string | Buffer)[]) => string
export declare const inApp: (command: string, args: string[]) => void
export declare const timed: (what: string, run: () => void) => void
export declare const installNextApp: () => void
