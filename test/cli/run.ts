import { execFile } from 'node:child_process'
import { resolve } from 'node:path'

/** The built command, run the way `npx consentry` runs it. */
export const BIN = resolve(__dirname, '../../dist/cli/consentry.js')

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs `consentry <args>` in a child process and collects its exit code and output. */
export const consentry = (args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Ran> =>
  new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    )
  })
