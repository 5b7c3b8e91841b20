import { describe, expect, it } from 'vitest';
import type { FaultConfig } from './fault-config';
import { FaultConfigError } from './fault-config-error';
import { FaultInjector, type FaultDecision } from './fault-injector';

const NOON = new Date('2025-04-01T03:00:00Z');

function run(config: FaultConfig | undefined, count: number, operation = 'qualification-by-insurance-keys'): FaultDecision[] {
  const injector = new FaultInjector(config);
  return Array.from({ length: count }, () => injector.decide(operation, NOON));
}

describe('FaultInjector', () => {
  const mixed: FaultConfig = { seed: 'replay-me', errorRate: 0.3, timeoutRate: 0.2, latencyMs: { min: 10, max: 500 } };

  it('without a configuration always passes at once', () => {
    const injector = new FaultInjector();
    for (let index = 0; index < 100; index += 1) expect(injector.decide('qualification-by-insurance-keys', NOON)).toEqual({ kind: 'pass', delayMs: 0 });
    expect(injector.current()).toBeUndefined();
    expect(injector.stats()).toEqual({ decided: 100, byKind: { pass: 100, error: 0, timeout: 0, outage: 0 } });
  });

  it('replays the same decisions for the same seed and request sequence', () => {
    expect(run(mixed, 500)).toEqual(run(mixed, 500));
  });

  it('gives a different sequence for a different seed', () => {
    expect(run({ ...mixed, seed: 'another' }, 200)).not.toEqual(run(mixed, 200));
  });

  it('restarts the stream when configured again', () => {
    const injector = new FaultInjector(mixed);
    const first = Array.from({ length: 50 }, () => injector.decide('qualification-by-insurance-keys', NOON));
    injector.configure(mixed);
    expect(injector.stats().decided).toBe(0);
    expect(Array.from({ length: 50 }, () => injector.decide('qualification-by-insurance-keys', NOON))).toEqual(first);
  });

  it('keeps latency draws in place when a rate changes (two draws per decision)', () => {
    const delays = (config: FaultConfig) =>
      run(config, 300).map((decision) => (decision.kind === 'timeout' || decision.kind === 'outage' ? undefined : decision.delayMs));
    const withErrors = delays({ ...mixed, timeoutRate: 0 });
    const withoutErrors = delays({ ...mixed, timeoutRate: 0, errorRate: 0 });
    expect(withErrors).toEqual(withoutErrors);
  });

  it('injects errors and timeouts at their rates over 10,000 decisions (± 2 points)', () => {
    const decisions = run({ seed: 'rates', errorRate: 0.25, timeoutRate: 0.1 }, 10_000);
    const share = (kind: FaultDecision['kind']) => decisions.filter((decision) => decision.kind === kind).length / 10_000;
    expect(Math.abs(share('error') - 0.25)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(share('timeout') - 0.1)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(share('pass') - 0.65)).toBeLessThanOrEqual(0.02);
  });

  it.each([0.01, 0.5, 0.99])('errorRate %s alone is met within 2 points', (errorRate) => {
    const decisions = run({ seed: `rate-${errorRate}`, errorRate }, 10_000);
    const errors = decisions.filter((decision) => decision.kind === 'error').length / 10_000;
    expect(Math.abs(errors - errorRate)).toBeLessThanOrEqual(0.02);
  });

  it('never injects at rate 0 and always at rate 1', () => {
    expect(run({ seed: 'zero', errorRate: 0, timeoutRate: 0 }, 1000).every((decision) => decision.kind === 'pass')).toBe(true);
    expect(run({ seed: 'one', errorRate: 1 }, 1000).every((decision) => decision.kind === 'error')).toBe(true);
    expect(run({ seed: 'one', timeoutRate: 1 }, 1000).every((decision) => decision.kind === 'timeout')).toBe(true);
  });

  it('keeps delays within [min, max] and reaches both ends', () => {
    const decisions = run({ seed: 'latency', latencyMs: { min: 100, max: 104 } }, 2000);
    const delays = decisions.map((decision) => (decision.kind === 'pass' ? decision.delayMs : Number.NaN));
    expect(delays.every((delay) => Number.isInteger(delay) && delay >= 100 && delay <= 104)).toBe(true);
    expect(new Set(delays)).toEqual(new Set([100, 101, 102, 103, 104]));
  });

  it('gives exactly min when min equals max, and delays errors too', () => {
    expect(run({ seed: 'fixed', latencyMs: { min: 250, max: 250 }, errorRate: 1 }, 20)).toEqual(
      Array.from({ length: 20 }, () => ({ kind: 'error', delayMs: 250 })),
    );
  });

  it('refuses every request inside an outage window, from inclusive and to exclusive', () => {
    const injector = new FaultInjector({
      seed: 'outage',
      outageWindows: [{ from: '2025-04-01T09:00:00+09:00', to: '2025-04-01T09:30:00+09:00' }],
    });
    const at = (iso: string) => injector.decide('qualification-by-insurance-keys', new Date(iso)).kind;
    expect(at('2025-03-31T23:59:59.999Z')).toBe('pass');
    expect(at('2025-04-01T00:00:00.000Z')).toBe('outage');
    expect(at('2025-04-01T00:15:00.000Z')).toBe('outage');
    expect(at('2025-04-01T00:29:59.999Z')).toBe('outage');
    expect(at('2025-04-01T00:30:00.000Z')).toBe('pass');
    expect(injector.stats()).toEqual({ decided: 5, byKind: { pass: 2, error: 0, timeout: 0, outage: 3 } });
  });

  it('checks every window', () => {
    const injector = new FaultInjector({
      seed: 'two-windows',
      outageWindows: [
        { from: '2025-04-01T00:00:00Z', to: '2025-04-01T01:00:00Z' },
        { from: '2025-04-02T00:00:00Z', to: '2025-04-02T01:00:00Z' },
      ],
    });
    expect(injector.decide('qualification-by-insurance-keys', new Date('2025-04-02T00:30:00Z')).kind).toBe('outage');
    expect(injector.decide('qualification-by-insurance-keys', new Date('2025-04-01T12:00:00Z')).kind).toBe('pass');
  });

  it('applies faults only to the listed routes, without drawing for the others', () => {
    const config: FaultConfig = { seed: 'routes', errorRate: 1, routes: ['qualification-by-insurance-keys'], outageWindows: [{ from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }] };
    const injector = new FaultInjector(config);
    expect(injector.decide('authentication', NOON)).toEqual({ kind: 'pass', delayMs: 0 });
    expect(injector.decide('qualification-by-insurance-keys', NOON)).toEqual({ kind: 'outage' });

    // Interleaved requests to unlisted routes do not move the stream of the listed one.
    const partial: FaultConfig = { seed: 'routes', errorRate: 0.5, latencyMs: { min: 0, max: 1000 }, routes: ['qualification-by-insurance-keys'] };
    const alone = new FaultInjector(partial);
    const mixed = new FaultInjector(partial);
    const aloneDecisions = Array.from({ length: 50 }, () => alone.decide('qualification-by-insurance-keys', NOON));
    const mixedDecisions = Array.from({ length: 50 }, () => {
      mixed.decide('authentication', NOON);
      return mixed.decide('qualification-by-insurance-keys', NOON);
    });
    expect(mixedDecisions).toEqual(aloneDecisions);
  });

  it('treats an empty route list as none', () => {
    expect(run({ seed: 'none', errorRate: 1, routes: [] }, 10).every((decision) => decision.kind === 'pass')).toBe(true);
  });

  it('counts decisions by kind', () => {
    const injector = new FaultInjector({ seed: 'stats', errorRate: 0.5 });
    for (let index = 0; index < 100; index += 1) injector.decide('qualification-by-insurance-keys', NOON);
    const stats = injector.stats();
    expect(stats.decided).toBe(100);
    expect(stats.byKind.pass + stats.byKind.error).toBe(100);
    stats.byKind.pass = -1; // a copy
    expect(injector.stats().byKind.pass).not.toBe(-1);
  });

  it('validates and copies the configuration it is given', () => {
    const config: FaultConfig = { seed: 'copy', errorRate: 0.1, routes: ['qualification-by-insurance-keys'] };
    const injector = new FaultInjector(config);
    config.routes?.push('authentication');
    config.errorRate = 1;
    expect(injector.current()).toEqual({ seed: 'copy', errorRate: 0.1, routes: ['qualification-by-insurance-keys'] });
    expect(() => injector.configure({ seed: 'bad', errorRate: 2 })).toThrow(FaultConfigError);
    expect(() => new FaultInjector({ seed: '' })).toThrow(/seed/);
  });

  it('turns faults off with configure(undefined)', () => {
    const injector = new FaultInjector({ seed: 'off', errorRate: 1 });
    expect(injector.decide('qualification-by-insurance-keys', NOON).kind).toBe('error');
    injector.configure(undefined);
    expect(injector.decide('qualification-by-insurance-keys', NOON)).toEqual({ kind: 'pass', delayMs: 0 });
  });

  it('refuses an invalid Date when faults are configured', () => {
    expect(() => new FaultInjector({ seed: 'date' }).decide('qualification-by-insurance-keys', new Date(Number.NaN))).toThrow(RangeError);
  });
});
