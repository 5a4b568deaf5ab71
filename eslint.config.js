// Lint rules the repository holds itself to: small functions and no import cycles, type-only
// imports included (docs/reference.md §8, Commands).
import tseslint from 'typescript-eslint'
import { importX } from 'eslint-plugin-import-x'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.bench/**'] },
  {
    files: ['src/**/*.{ts,tsx}', 'ui/**/*.{ts,tsx}'],
    extends: [tseslint.configs.base],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      // `import type` is followed too: a cycle of types is still a cycle.
      'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: false, ignoreExternal: true }],
    },
  },
)
