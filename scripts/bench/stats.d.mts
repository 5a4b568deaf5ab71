// Types of stats.mjs's run-by-run interval, for test/bench-stats.test.ts.
export declare const pairedInterval: (
  ours: Array<{ run: number } & Record<string, number>>,
  theirs: Array<{ run: number } & Record<string, number>>,
  key: string,
) => [number, number] | undefined
export declare const intervalText: (interval: [number, number] | undefined) => string
