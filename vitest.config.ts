import { defineConfig } from 'vitest/config'
// @ts-expect-error: a plain .mjs helper shared with rollup.config.mjs
import { virtualLocales } from './scripts/locales.mjs'

export default defineConfig({
  plugins: [virtualLocales()],
  test: {
    // The unit tests take about 60 s of CPU time: one worker could not answer in half a minute on
    // two idle cores. The browser project sets its own count.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          environmentOptions: {
            happyDOM: {
              // Inline scripts must run (gating re-creates them); nothing is fetched from a network.
              settings: {
                enableJavaScriptEvaluation: true,
                disableJavaScriptFileLoading: true,
                disableCSSFileLoading: true,
                disableIframePageLoading: true,
                handleDisabledFileLoadingAsSuccess: true,
              },
            },
          },
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/cli/**', 'test/collector/**'],
          setupFiles: ['test/setup.ts'],
          // A guard against hangs, not a speed check: property tests run thousands of cases, and
          // test/lint.test.ts runs ESLint before its tests (over 10 s once, beside the browser tests),
          // on machines that may be busy.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The command line, in processes of its own, on the build in dist/.
          name: 'node',
          environment: 'node',
          include: ['test/cli/**/*.test.ts'],
          exclude: ['test/cli/scan*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The consent records service, on PostgreSQL and PGlite: it needs no build, so `npm test`
          // starts it beside the build (scripts/test.mjs).
          name: 'collector',
          environment: 'node',
          include: ['test/collector/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts', 'test/cli/scan*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // A worker's files share its server and Chromium (test/browser/harness.ts): one of each per
          // worker, not per file.
          isolate: false,
          // Three workers, each with its Chromium, on two cores: a page often waits (for the
          // network, a timer, an idle spell), and a third worker fills those gaps. Alone the project
          // took 161 s of CPU in 93 s with three workers and 93.7 s with two, so three stayed.
          // After the other projects when all run in one vitest (`npm test` runs this one beside
          // them instead, scripts/test.mjs).
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
          // The scans of test/cli/scan.test.ts run side by side: each mostly waits for its pages.
          maxConcurrency: 3,
        },
      },
    ],
  },
})
