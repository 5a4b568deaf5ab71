/**
 * `--baseline <git-rev>`: another build of consentry, measured in the same run as this one. The
 * revision is checked out in a temporary git worktree, installed (`npm ci`) and built; its `dist/`
 * is kept under `node_modules/.cache/consentry-bench/<commit>/`, so each commit is built once.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Runs a command in `cwd`, its output on stderr; throws with the command's name when it fails. */
const run = (command, args, cwd) => {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n')
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${output}`)
  }
}

/** The full commit a revision names in the repository at `root`, or a clear error. */
const commitOf = (root, rev) => {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim()
  } catch {
    throw new Error(`--baseline ${rev}: not a commit of this repository`)
  }
}

/**
 * The `dist/` directory of `rev` built (or found in the cache), and its short name.
 * @param {string} root this repository's folder, ending in '/'
 * @param {string} rev
 * @returns {{ rev: string, commit: string, short: string, dist: string }}
 */
export const baselineBuild = (root, rev) => {
  const commit = commitOf(root, rev)
  const short = commit.slice(0, 7)
  const cached = join(root, 'node_modules/.cache/consentry-bench', commit)
  const dist = join(cached, 'dist') + '/'
  if (existsSync(join(dist, 'consentry.js'))) return { rev, commit, short, dist }
  const tree = join(mkdtempSync(join(tmpdir(), 'consentry-bench-')), short)
  console.error(`building ${rev} (${short}) in ${tree}…`)
  run('git', ['worktree', 'add', '--detach', tree, commit], root)
  try {
    run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], tree)
    run('npm', ['run', 'build'], tree)
    if (!existsSync(join(tree, 'dist/consentry.js'))) throw new Error(`--baseline ${rev}: its build wrote no dist/consentry.js`)
    mkdirSync(cached, { recursive: true })
    cpSync(join(tree, 'dist'), dist, { recursive: true })
  } finally {
    run('git', ['worktree', 'remove', '--force', tree], root)
    rmSync(join(tree, '..'), { recursive: true, force: true })
  }
  return { rev, commit, short, dist }
}
