import { describe, expect, it } from 'vitest';
import type { CentralFailure } from '../../flow/ports/central-system';
import { TokenKeeper, type IssuedToken } from './token-keeper';

const MINUTE = 60_000;
const policy = { renewBeforeMs: MINUTE, maxLifetimeMs: 10 * MINUTE };

function keeper(expiresInMs: (issued: number) => number = () => 10 * MINUTE) {
  let now = Date.parse('2026-11-21T01:00:00Z');
  let issued = 0;
  const pending: Array<(value: IssuedToken | CentralFailure) => void> = [];
  const tokens = new TokenKeeper(
    () => {
      issued += 1;
      const number = issued;
      return new Promise((resolve) => pending.push(() => resolve({ idToken: `t${number}`, expiresAt: new Date(now + expiresInMs(number)) })));
    },
    () => new Date(now),
    policy,
  );
  const answerAll = () => {
    for (const answer of pending.splice(0)) answer({ idToken: '', expiresAt: new Date(0) });
  };
  return { tokens, advance: (ms: number) => (now += ms), issuedCount: () => issued, answerAll };
}

async function current(setup: ReturnType<typeof keeper>) {
  const promise = setup.tokens.current();
  setup.answerAll();
  return promise;
}

describe('TokenKeeper', () => {
  it('asks once for concurrent callers and reuses the token until the renewal margin', async () => {
    const setup = keeper();
    const both = Promise.all([setup.tokens.current(), setup.tokens.current()]);
    setup.answerAll();
    expect(await both).toEqual(['t1', 't1']);
    setup.advance(9 * MINUTE - 1);
    expect(await current(setup)).toBe('t1');
    setup.advance(1);
    expect(await current(setup)).toBe('t2');
    expect(setup.issuedCount()).toBe(2);
  });

  it('renews a discarded token, but not one renewed meanwhile', async () => {
    const setup = keeper();
    expect(await current(setup)).toBe('t1');
    setup.tokens.discard('t1');
    expect(await current(setup)).toBe('t2');
    setup.tokens.discard('t1');
    expect(await current(setup)).toBe('t2');
  });

  it('distrusts an expiry in the past (clock skew) and keeps the token for maxLifetime at most', async () => {
    const skewed = keeper(() => -5 * MINUTE);
    expect(await current(skewed)).toBe('t1');
    skewed.advance(8 * MINUTE);
    expect(await current(skewed)).toBe('t1');
    skewed.advance(MINUTE);
    expect(await current(skewed)).toBe('t2');

    const farAhead = keeper(() => 24 * 60 * MINUTE);
    expect(await current(farAhead)).toBe('t1');
    farAhead.advance(9 * MINUTE);
    expect(await current(farAhead)).toBe('t2');
  });

  it('passes a failure through and tries again on the next call', async () => {
    let calls = 0;
    const tokens = new TokenKeeper(
      async () => {
        calls += 1;
        return calls === 1 ? { ok: false, code: 'CENTRAL_AUTH_FAILED', outage: false, detail: 'revoked' } : { idToken: 'ok', expiresAt: new Date(Date.now() + 10 * MINUTE) };
      },
      () => new Date(),
      policy,
    );
    expect(await tokens.current()).toMatchObject({ code: 'CENTRAL_AUTH_FAILED' });
    expect(await tokens.current()).toBe('ok');
  });
});
