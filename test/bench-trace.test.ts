// The bench's script time (scripts/bench/trace.mjs), on a hand-made trace: what counts as the
// tool's JavaScript, counted once where events nest, and what is left out.
import { describe, expect, it } from 'vitest'
import { scriptTime, type TraceEvent } from '../scripts/bench/trace.mjs'

const page = 'http://127.0.0.1:1/page/consentry.html'
const at = (name: string, ts: number, dur: number, args: Record<string, unknown> = {}, pid = 1): TraceEvent => ({
  name,
  ph: 'X',
  pid,
  tid: pid,
  ts,
  dur,
  tdur: dur / 2,
  args,
})
const script = (url: string) => ({ data: { url } })

const trace: TraceEvent[] = [
  // The previous page's unload handler, before this page is parsed.
  at('FunctionCall', 500, 700, script('http://127.0.0.1:1/dist/consentry.js')),
  at('ParseHTML', 1000, 300, { beginData: { url: page } }),
  // The tool's script: compile and run nested in its evaluation.
  at('EvaluateScript', 2000, 5000, script('http://127.0.0.1:1/dist/consentry.js')),
  at('v8.compile', 2000, 100, script('http://127.0.0.1:1/dist/consentry.js')),
  at('v8.run', 2100, 4800, { fileName: 'http://127.0.0.1:1/dist/consentry.js' }),
  at('RunMicrotasks', 8000, 1000),
  // The bench's probe and a gated stand-in script.
  at('FunctionCall', 10_000, 300, script('bench-probe.js')),
  at('EvaluateScript', 11_000, 200, script('http://127.0.0.1:1/fake/analytics.js')),
  // A callback from the browser with the probe nested in it: only the rest counts.
  at('v8.callFunction', 12_000, 1000),
  at('FunctionCall', 12_100, 400, script('bench-probe.js')),
  // Not JavaScript, and another tab's process.
  at('Layout', 14_000, 3000),
  at('ParseHTML', 1000, 300, { beginData: { url: 'http://127.0.0.1:1/page/other.html' } }, 2),
  at('EvaluateScript', 2000, 9000, script('http://127.0.0.1:1/dist/consentry.js'), 2),
]

describe("the bench's script time", () => {
  it("counts the tool's JavaScript once, from the start of parsing, without the bench's own scripts", () => {
    const result = scriptTime(trace, page)
    expect(result.ms).toBeCloseTo(5 + 1 + 0.6)
    expect(result.cpu).toBeCloseTo((5 + 1 + 0.6) / 2)
    expect(result.evaluateCpu).toBeCloseTo(2.5)
    expect(result.pid).toBe(1)
    expect(result.evaluated).toEqual(['http://127.0.0.1:1/dist/consentry.js', 'http://127.0.0.1:1/fake/analytics.js'])
  })

  it('fails when the trace holds no parsing of the page', () => {
    expect(() => scriptTime(trace, 'http://127.0.0.1:1/page/missing.html')).toThrow(/no parsing of/)
  })
})
