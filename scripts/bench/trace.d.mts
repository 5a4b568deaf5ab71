/** See trace.mjs. */
export const CATEGORIES: string[]
export const PROBE_URL: string
export interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: Record<string, any>
}
export function scriptTime(
  trace: { traceEvents: TraceEvent[] } | TraceEvent[],
  url: string,
): { ms: number; cpu: number; evaluateCpu: number; pid: number; evaluated: string[] }
export function traced(browser: unknown, name: string, fn: () => Promise<void>): Promise<{ traceEvents: TraceEvent[] }>
