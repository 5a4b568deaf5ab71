// Lint rules the repository holds itself to: small functions and no import cycles, type-only
// and dynamic imports included (docs/reference.md §8, Commands). `npm test` runs it.
import tseslint from 'typescript-eslint'
import consentry from './scripts/eslint-rules/no-cycle.mjs'

export default tseslint.config(
  // What the build, the bench and the framework examples' builds write (.gitignore).
  { ignores: ['dist/**', '**/node_modules/**', '.bench/**', 'examples/next/.next/**', 'examples/*/app.bundle.js'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['src/**/*.{ts,tsx}', 'ui/**/*.{ts,tsx}'],
    extends: [tseslint.configs.base],
    plugins: { consentry },
    rules: {
      // Every line counts, blank lines and comments too.
      'max-lines-per-function': ['error', { max: 80 }],
      'consentry/no-cycle': 'error',
      'consentry/layers': 'error',
    },
  },
)
