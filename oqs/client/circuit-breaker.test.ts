import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  it('opens after the threshold, refuses while open, lets one trial through, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, now: () => now });
    for (let i = 0; i < 2; i++) {
      expect(breaker.allow()).toBe(true);
      breaker.failed();
    }
    expect(breaker.state).toBe('closed');
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.allow()).toBe(false);
    now = 1_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
  });

  it('a failed trial opens the circuit again for a whole period', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 500, now: () => now });
    breaker.failed();
    now = 500;
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.state).toBe('open');
    now = 999;
    expect(breaker.allow()).toBe(false);
  });
});
