import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

function breakerAt(start = 1_000, random = () => 0) {
  let now = start;
  const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 10_000, openJitter: 0.5 }, () => now, random);
  return { breaker, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { breaker } = breakerAt();
    breaker.recordOutage();
    breaker.recordOutage();
    breaker.recordSuccess();
    breaker.recordOutage();
    breaker.recordOutage();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after the threshold of consecutive outages and refuses every request while open', () => {
    const { breaker, advance } = breakerAt();
    for (let index = 0; index < 3; index += 1) breaker.recordOutage();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    advance(9_999);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets one trial through when half-open; its success closes the circuit', () => {
    const { breaker, advance } = breakerAt();
    for (let index = 0; index < 3; index += 1) breaker.recordOutage();
    advance(10_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens again at once when the trial fails', () => {
    const { breaker, advance } = breakerAt();
    for (let index = 0; index < 3; index += 1) breaker.recordOutage();
    advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordOutage();
    expect(breaker.state).toBe('open');
    advance(9_999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('frees the trial when it ended without telling anything (the caller aborted)', () => {
    const { breaker, advance } = breakerAt();
    for (let index = 0; index < 3; index += 1) breaker.recordOutage();
    advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordNothing();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('adds up to openJitter of the open time from the random source', () => {
    const { breaker, advance } = breakerAt(0, () => 1);
    for (let index = 0; index < 3; index += 1) breaker.recordOutage();
    advance(14_999);
    expect(breaker.state).toBe('open');
    advance(1);
    expect(breaker.state).toBe('half-open');
  });
});
