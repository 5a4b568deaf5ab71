import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
const data = mkdtempSync('/tmp/colops/lockexp-')
const start = () => { const c = spawn(process.execPath, [process.argv[2] ?? 'collector/cli.mjs', '--port', '0', '--data', data], { env: { PATH: process.env.PATH, CONSENTRY_ADMIN_TOKEN: 'x'.repeat(20) }, stdio: ['ignore','pipe','pipe'] })
  let out = ''; const url = new Promise((res, rej) => { const r = (d) => { out += d; const m = /listening on (\S+)/.exec(out); if (m) res(m[1]) }; c.stdout.on('data', r); c.stderr.on('data', r); c.on('exit', (code) => rej(new Error(out))) }); return { c, url } }
const a = start(); console.log(await a.url)
a.c.kill('SIGKILL')
const t = performance.now()
const b = start()
try { console.log('restart ok', await b.url, performance.now() - t) } catch (e) { console.log('restart failed', e.message, performance.now() - t) }
b.c.kill('SIGKILL')
