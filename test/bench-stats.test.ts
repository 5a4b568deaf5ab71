// The bench's run-by-run ratios (scripts/bench/stats.mjs): the brackets of its ratio rows, which
// say whether a difference between two tools stands out of the run's noise.
import { describe, expect, it } from 'vitest'
import { pairedSpread, quantile, spreadText } from '../scripts/bench/stats.mjs'

const runs = (values: number[]) => values.map((ms, run) => ({ run, ms }))

describe('quantile', () => {
  it('interpolates between the two nearest of sorted numbers', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2)
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75)
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25)
    expect(quantile([], 0.5)).toBeNaN()
  })
})

describe('pairedSpread', () => {
  it('gives the middle half of the ratios of runs with the same number', () => {
    // Run by run: 0.5, 1, 1.5, 2, 2.5.
    expect(pairedSpread(runs([50, 100, 150, 200, 250]), runs([100, 100, 100, 100, 100]), 'ms')).toEqual([1, 2])
  })

  it('pairs runs by their number, not their place, and skips a run one of the two lacks', () => {
    const ours = [
      { run: 3, ms: 300 },
      { run: 0, ms: 100 },
      { run: 1, ms: 100 },
      { run: 2, ms: 100 },
    ]
    const theirs = [
      { run: 0, ms: 100 },
      { run: 1, ms: 100 },
      { run: 2, ms: 100 },
    ]
    // Run 3 failed for the other tool: three ratios of 1 remain, not a 3 among them.
    expect(pairedSpread(ours, theirs, 'ms')).toEqual([1, 1])
  })

  it('gives none for fewer than three pairs, or a ratio that is not a number', () => {
    expect(pairedSpread(runs([1, 2]), runs([1, 2]), 'ms')).toBeUndefined()
    expect(pairedSpread(runs([0, 1, 2]), runs([0, 1, 2]), 'ms')).toBeUndefined()
    expect(pairedSpread(runs([5, 1, 2]), runs([0, 1, 2]), 'ms')).toBeUndefined()
  })

  it('shows a range that holds 1.00× when one tool is ahead in some runs and behind in others', () => {
    const spread = pairedSpread(runs([90, 110, 95, 105, 100, 120, 80]), runs([100, 100, 100, 100, 100, 100, 100]), 'ms')!
    expect(spread[0]).toBeLessThan(1)
    expect(spread[1]).toBeGreaterThan(1)
    expect(spreadText(spread)).toBe(' [0.93–1.08]')
  })

  it('writes nothing without a spread', () => {
    expect(spreadText(undefined)).toBe('')
  })
})
