import type { CardConfirmationRequest, CentralSystem } from '../../flow/ports/central-system';

/**
 * The central system as one kiosk uses it: an answer that arrives after its reception has left the
 * kiosk (the card was pulled, another patient came) is still handed back — the flow, which no longer
 * waits for it, drops it — and it is audited as dropped (reader-flow.md §8, rule 1).
 */
export function bindAnswersToReception(
  central: CentralSystem,
  currentReception: () => string | undefined,
  recordDropped: (receptionId: string) => Promise<void>,
): CentralSystem {
  return {
    presenceChallenge: () => central.presenceChallenge(),
    presenceDigest: (challenge, facts) => central.presenceDigest(challenge, facts),
    async confirmByCard(request: CardConfirmationRequest) {
      const answer = await central.confirmByCard(request);
      if (currentReception() !== request.receptionId) await recordDropped(request.receptionId).catch(() => undefined);
      return answer;
    },
  };
}
