/**
 * Stamped manifests (docs/reference.md §1): a build whose schema declares `stamp` is measured with
 * its manifest stamped, as the README's quick start writes it, so that its first visit skips the
 * validator. The stamp is computed by that commit's own src/core/stamp.ts, compiled here with the
 * project's TypeScript, so the bench never holds a copy of the rule.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

/** Whether the build in `dist` knows stamped manifests (its schema declares `stamp`). */
const knowsStamps = (dist) => {
  const schema = join(dist, 'manifest.schema.json')
  return existsSync(schema) && !!JSON.parse(readFileSync(schema, 'utf8')).properties?.stamp
}

/** src/core/stamp.ts at `commit` (the working tree's when it is undefined). */
const stampSource = (root, commit) =>
  commit
    ? execFileSync('git', ['show', `${commit}:src/core/stamp.ts`], { cwd: root, encoding: 'utf8' })
    : readFileSync(join(root, 'src/core/stamp.ts'), 'utf8')

/**
 * `manifest` as the build in `dist` is given it: with its stamp when the build knows stamps.
 * @param {string} root the repository
 * @param {string} dist the build's dist/ directory
 * @param {string | undefined} commit the build's commit, or undefined for the working tree
 * @param {object} manifest
 * @returns {Promise<object>}
 */
export const manifestFor = async (root, dist, commit, manifest) => {
  if (!knowsStamps(dist)) return manifest
  const { outputText } = ts.transpileModule(stampSource(root, commit), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  const { stampOf, isStamped } = await import(`data:text/javascript,${encodeURIComponent(outputText)}`)
  if (typeof stampOf !== 'function') throw new Error(`${dist}: its schema declares stamp, but src/core/stamp.ts exports no stampOf`)
  const stamped = { ...manifest, stamp: stampOf(manifest) }
  if (isStamped && !isStamped(JSON.parse(JSON.stringify(stamped)))) throw new Error('the stamped manifest does not check')
  return stamped
}
