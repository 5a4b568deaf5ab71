// Types of stats.mjs's run-by-run helpers, for test/bench-stats.test.ts.
export declare const quantile: (sorted: number[], q: number) => number
export declare const pairedSpread: (
  ours: Array<{ run: number } & Record<string, number>>,
  theirs: Array<{ run: number } & Record<string, number>>,
  key: string,
) => [number, number] | undefined
export declare const spreadText: (spread: [number, number] | undefined) => string
