import { defineConfig } from 'vitest/config'
// @ts-expect-error: a plain .mjs helper shared with rollup.config.mjs
import { virtualLocales } from './scripts/locales.mjs'

export default defineConfig({
  plugins: [virtualLocales()],
  test: {
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
          exclude: ['test/browser/**', 'test/cli/scan*.test.ts'],
          setupFiles: ['test/setup.ts'],
          // A guard against hangs, not a speed check: property tests run thousands of cases on
          // machines that may be busy.
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
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
