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
 * The consent records service is built apart from this file, as `dist/collector/cli.js`, a module
 * exporting `run(args: string[]): Promise<number>` like the commands here. The path is computed so
 * that the bundler leaves it to be resolved when the command runs.
 */
const COLLECTOR = new URL('../collector/cli.js', import.meta.url).href

const COMMANDS: Record<string, Command> = {
  validate: { summary: 'check a manifest (consent.json): every problem with its JSON path', load: () => import('./validate') },
  scan: { summary: 'audit a site in headless Chrome: what it sets and contacts before and after consent', load: () => import('./scan') },
  collector: { summary: 'store consent receipts (proof of consent) sent to log.endpoint', load: () => loadCollector() },
}

const loadCollector = async (): Promise<{ run(args: string[]): Promise<number> }> => {
  try {
    return await import(COLLECTOR)
  } catch (error: any) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('collector')) throw error
    return {
      run: async (args) => {
        if (args.includes('--help') || args.includes('-h')) {
          console.log('Usage: consentry collector [options]\n\nThe consent records service is not available in this build of consentry.')
          return 0
        }
        return fail('the collector command is not available in this build of consentry', USAGE_ERROR)
      },
    }
  }
}

const HELP = `Usage: consentry <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
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
