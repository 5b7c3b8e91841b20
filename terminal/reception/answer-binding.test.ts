import { describe, expect, it } from 'vitest';
import type { CardConfirmationRequest, CentralSystem } from '../../flow/ports/central-system';
import { personAnswer } from '../../flow/testing/fake-ports';
import { bindAnswersToReception } from './answer-binding';

const request = (receptionId: string): CardConfirmationRequest => ({
  receptionId,
  certificateDer: Uint8Array.of(1),
  method: 'face',
  consents: {},
  proof: { kind: 'reader-attestation', challenge: Uint8Array.of(2) },
});

function centralAnswering(): CentralSystem {
  return {
    presenceChallenge: async () => ({ challenge: Uint8Array.of(1), expiresAt: new Date(0) }),
    presenceDigest: () => new Uint8Array(32),
    confirmByCard: async (asked) => personAnswer(asked.receptionId),
  };
}

describe('answers bound to the reception on the kiosk', () => {
  it('audits an answer whose reception has left the kiosk, and hands it back for the flow to drop', async () => {
    const dropped: string[] = [];
    let current: string | undefined = 'r-2';
    const central = bindAnswersToReception(centralAnswering(), () => current, async (id) => void dropped.push(id));
    const answer = await central.confirmByCard(request('r-1'));
    expect(answer).toMatchObject({ ok: true, receptionId: 'r-1' });
    expect(dropped).toEqual(['r-1']);
    current = undefined;
    await central.confirmByCard(request('r-3'));
    expect(dropped).toEqual(['r-1', 'r-3']);
  });

  it('audits nothing for the answer of the reception still on the kiosk', async () => {
    const dropped: string[] = [];
    const central = bindAnswersToReception(centralAnswering(), () => 'r-1', async (id) => void dropped.push(id));
    await central.confirmByCard(request('r-1'));
    expect(dropped).toEqual([]);
  });
});
