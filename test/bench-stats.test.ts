// The bench's run-by-run interval (scripts/bench/stats.mjs): the brackets of its ratio rows, which
// say whether a difference between two tools stands out of the run's noise.
import { describe, expect, it } from 'vitest'
import { intervalText, pairedInterval } from '../scripts/bench/stats.mjs'

const runs = (values: number[]) => values.map((ms, run) => ({ run, ms }))
const flat = (count: number) => runs(Array.from({ length: count }, () => 100))

describe('pairedInterval', () => {
  it('for 9 runs, spans the 2nd to the 8th smallest ratio (96%, the sign test)', () => {
    // Run by run, in some order: 0.5, 0.6, … 1.3.
    const ours = runs([130, 50, 110, 70, 90, 60, 120, 80, 100])
    expect(pairedInterval(ours, flat(9), 'ms')).toEqual([0.6, 1.2])
  })

  it('for 6 runs, spans all of them (97%), and gives none for fewer', () => {
    expect(pairedInterval(runs([90, 95, 100, 105, 110, 120]), flat(6), 'ms')).toEqual([0.9, 1.2])
    expect(pairedInterval(runs([90, 95, 100, 105, 110]), flat(5), 'ms')).toBeUndefined()
  })

  it('for 20 runs, leaves out the 5 smallest and the 5 largest ratios (the 6th to the 15th, 96%)', () => {
    const ours = runs(Array.from({ length: 20 }, (_, i) => 100 + i))
    const [low, high] = pairedInterval(ours, flat(20), 'ms')!
    expect([low, high].map((value) => Math.round(value * 100))).toEqual([105, 114])
  })

  it('pairs runs by their number, not their place, and skips a run one of the two lacks', () => {
    const ours = [{ run: 6, ms: 300 }, ...runs([100, 100, 100, 100, 100, 100])]
    // Run 6 failed for the other tool: six ratios of 1 remain, not a 3 among them.
    expect(pairedInterval(ours, flat(6), 'ms')).toEqual([1, 1])
  })

  it('gives none for a ratio that is not a number', () => {
    expect(pairedInterval(runs([0, 1, 2, 3, 4, 5]), runs([0, 1, 2, 3, 4, 5]), 'ms')).toBeUndefined()
    expect(pairedInterval(runs([5, 1, 2, 3, 4, 5]), runs([0, 1, 2, 3, 4, 5]), 'ms')).toBeUndefined()
  })

  it('holds 1.00x when one tool is ahead in some runs and behind in others', () => {
    const interval = pairedInterval(runs([90, 110, 95, 105, 100, 120, 80, 101, 99]), flat(9), 'ms')
    expect(intervalText(interval)).toBe(' [0.90–1.10]')
    expect(intervalText(undefined)).toBe('')
  })
})
