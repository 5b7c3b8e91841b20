import { describe, expect, it } from 'vitest';
import { incompleteVerdict, settleLook } from './settle-check';

const look = (size: number, mtimeMs: number) => ({ size, mtimeMs, isFile: true });

describe('when a file in Req has settled', () => {
  it('waits for a file written just now, and reads it once it stayed the same for settleMs', () => {
    const first = settleLook(undefined, look(100, 1000), 1000, 20);
    expect(first.verdict).toEqual({ kind: 'wait', ms: 20 });
    expect(settleLook(first.state, look(100, 1000), 1010, 20).verdict).toEqual({ kind: 'wait', ms: 10 });
    expect(settleLook(first.state, look(100, 1000), 1020, 20).verdict).toEqual({ kind: 'read' });
  });

  it('starts over when the size or time changed between looks', () => {
    const first = settleLook(undefined, look(100, 1000), 1000, 20);
    const grown = settleLook(first.state, look(180, 1019), 1020, 20);
    expect(grown.verdict).toEqual({ kind: 'wait', ms: 19 });
    expect(grown.state.seenAt).toBe(1020);
    expect(settleLook(grown.state, look(180, 1030), 1040, 20).verdict).toEqual({ kind: 'wait', ms: 10 });
  });

  it('reads at once a file whose time is already settleMs old (moved in finished, or found at start)', () => {
    expect(settleLook(undefined, look(100, 1000), 1500, 20).verdict).toEqual({ kind: 'read' });
  });

  it('does not trust a modification time in the future', () => {
    expect(settleLook(undefined, look(100, 5000), 1000, 20).verdict).toEqual({ kind: 'wait', ms: 20 });
  });

  it('waits for the end tag of a settled file, then takes it as it is after incompleteMs', () => {
    const state = { size: 100, mtimeMs: 1000, seenAt: 1000 };
    expect(incompleteVerdict(state, 1020, 20, 300)).toEqual({ kind: 'wait', ms: 20 });
    expect(incompleteVerdict(state, 1200, 20, 300)).toEqual({ kind: 'wait', ms: 100 });
    expect(incompleteVerdict(state, 1300, 20, 300)).toEqual({ kind: 'take-as-is' });
  });
});
