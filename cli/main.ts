/**
 * `npx consentry <command>`: the command line of docs/reference.md §12 (validate, scan) and §13
 * (collector). Each command is a module with `run(args)` resolving to the exit code, loaded only
 * when it is asked for, so `validate` never loads the browser driver.
 */
import { createRequire } from 'node:module'
import { fail, USAGE_ERROR } from './output'

interface Command {
  summary: string
  load(): Promise<{ run(args: string[]): Promise<number> }>
}

/**
 * The consent records service lives in `collector/` (plain ESM, shipped as is) and exports
 * `runCollector(argv, env)`. The path is computed so that the bundler leaves it to be resolved
 * when the command runs: `dist/cli/consentry.js` → `collector/cli.mjs`.
 */
const COLLECTOR = new URL('../../collector/cli.mjs', import.meta.url).href

const COMMANDS: Record<string, Command> = {
  validate: { summary: 'check a manifest (consent.json): every problem with its JSON path', load: () => import('./validate') },
  scan: { summary: 'audit a site in headless Chrome: what it sets and contacts before and after consent', load: () => import('./scan') },
  declaration: { summary: 'write the cookie declaration of a manifest as static HTML', load: () => import('./declaration') },
  collector: {
    summary: 'store consent receipts (proof of consent) sent to log.endpoint',
    load: async () => {
      const { runCollector } = await import(COLLECTOR)
      return { run: (args: string[]) => runCollector(args, process.env) }
    },
  },
}

const HELP = `Usage: consentry <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(12)} ${summary}`)
  .join('\n')}

Run "consentry <command> --help" for a command's options.`

/** Runs the command named by `argv[0]` and resolves to the process exit code. */
const main = async (argv: string[]): Promise<number> => {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP)
    return name ? 0 : USAGE_ERROR
  }
  if (name === '--version' || name === '-v') {
    console.log(VERSION)
    return 0
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) return fail(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}); see consentry --help`, USAGE_ERROR)
  return (await command.load()).run(args)
}

const VERSION: string = createRequire(import.meta.url)('../../package.json').version

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`consentry: ${error instanceof Error ? error.message : error}`)
    process.exitCode = USAGE_ERROR
  },
)
