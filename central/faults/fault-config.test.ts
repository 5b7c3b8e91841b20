import { describe, expect, it } from 'vitest';
import { describeFaultConfigIssues, faultConfigSchema } from './fault-config';

/** The problems the schema reports for `value`, one line each starting with the field's path. */
function problemsOf(value: unknown): string[] {
  const result = faultConfigSchema.safeParse(value);
  if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return describeFaultConfigIssues(result.error);
}

describe('faultConfigSchema', () => {
  it('accepts a full configuration and a bare seed', () => {
    const full = {
      seed: 'x',
      latencyMs: { min: 0, max: 60_000 },
      errorRate: 0.5,
      timeoutRate: 0.5,
      outageWindows: [{ from: '2025-04-01T09:00:00+09:00', to: '2025-04-01T09:00:00.001+09:00' }],
      routes: ['qualification-by-insurance-keys'],
    };
    expect(faultConfigSchema.parse(full)).toEqual(full);
    expect(faultConfigSchema.parse({ seed: 'x'.repeat(200) })).toEqual({ seed: 'x'.repeat(200) });
  });

  it.each([
    ['a missing seed', {}, /^seed: /],
    ['an empty seed', { seed: '' }, /^seed: seed must have 1 to 200/],
    ['a seed over 200 characters', { seed: 'x'.repeat(201) }, /^seed: /],
    ['a non-string seed', { seed: 42 }, /^seed: seed must be a string/],
    ['errorRate above 1', { seed: 's', errorRate: 1.01 }, /^errorRate: errorRate must be between 0 and 1/],
    ['errorRate below 0', { seed: 's', errorRate: -0.1 }, /^errorRate: /],
    ['errorRate as text', { seed: 's', errorRate: '0.1' }, /^errorRate: errorRate must be a number/],
    ['timeoutRate above 1', { seed: 's', timeoutRate: 2 }, /^timeoutRate: timeoutRate must be between 0 and 1/],
    ['NaN timeoutRate', { seed: 's', timeoutRate: Number.NaN }, /^timeoutRate: /],
    ['rates adding to more than 1', { seed: 's', errorRate: 0.6, timeoutRate: 0.5 }, /^errorRate: errorRate \+ timeoutRate must not exceed 1/],
    ['latency min above max', { seed: 's', latencyMs: { min: 10, max: 5 } }, /^latencyMs\.min: latencyMs\.min must not exceed latencyMs\.max/],
    ['latency max over 60000', { seed: 's', latencyMs: { min: 0, max: 60_001 } }, /^latencyMs\.max: latencyMs\.max must be at most 60000/],
    ['negative latency', { seed: 's', latencyMs: { min: -1, max: 5 } }, /^latencyMs\.min: /],
    ['fractional latency', { seed: 's', latencyMs: { min: 1.5, max: 5 } }, /^latencyMs\.min: latencyMs\.min must be whole milliseconds/],
    ['latency missing max', { seed: 's', latencyMs: { min: 1 } }, /^latencyMs\.max: /],
    ['an unknown latency key', { seed: 's', latencyMs: { min: 1, max: 2, mean: 1 } }, /^latencyMs: unknown field\(s\): mean/],
    ['a window with from after to', { seed: 's', outageWindows: [{ from: '2025-04-02T00:00:00Z', to: '2025-04-01T00:00:00Z' }] }, /^outageWindows\[0\]\.from: /],
    ['an empty window (from equals to)', { seed: 's', outageWindows: [{ from: '2025-04-01T00:00:00Z', to: '2025-04-01T00:00:00Z' }] }, /from must be before to/],
    ['a window in local time', { seed: 's', outageWindows: [{ from: '2025-04-01T00:00:00', to: '2025-04-02T00:00:00Z' }] }, /^outageWindows\[0\]\.from: .*offset/],
    ['a window that is no date', { seed: 's', outageWindows: [{ from: '2025-04-01T00:00:00Z', to: 'tomorrow' }] }, /^outageWindows\[0\]\.to: /],
    ['an impossible date', { seed: 's', outageWindows: [{ from: '2025-02-30T00:00:00Z', to: '2025-03-02T00:00:00Z' }] }, /^outageWindows\[0\]\.from: /],
    ['too many windows', { seed: 's', outageWindows: Array.from({ length: 51 }, (_, day) => ({ from: `2025-01-01T00:00:${String(day % 60).padStart(2, '0')}Z`, to: '2026-01-01T00:00:00Z' })) }, /^outageWindows: outageWindows must have at most 50/],
    ['windows that are not an array', { seed: 's', outageWindows: { from: 'a', to: 'b' } }, /^outageWindows: outageWindows must be an array/],
    ['an empty route name', { seed: 's', routes: [''] }, /^routes\[0\]: routes\[\] must name an operation/],
    ['an unknown route name', { seed: 's', routes: ['search'] }, /^routes\[0\]: routes\[\] must name an operation: authentication, /],
    ['routes as a string', { seed: 's', routes: 'search' }, /^routes: routes must be an array/],
    ['an unknown key', { seed: 's', errorrate: 0.5 }, /unknown field\(s\): errorrate/],
  ])('rejects %s, naming the field', (_label, value, expected) => {
    const problems = problemsOf(value);
    expect(problems.some((problem) => expected.test(problem)), problems.join('\n')).toBe(true);
  });

  it('rejects a value that is not an object', () => {
    expect(problemsOf([])).toEqual(['the fault configuration must be a JSON object']);
    expect(problemsOf(null)).toEqual(['the fault configuration must be a JSON object']);
  });
});
