// Model-based test of the reception machine: xstate/graph walks every state the machine can reach
// under every event it defines (screen, staff, device, actor results and named delays), then checks
// that every state node was reached, every event each node declares was taken somewhere, and the
// rules that must hold in every reachable state.

import { describe, expect, it } from 'vitest';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getAdjacencyMap, getStateNodes, type AdjacencyMap } from 'xstate/graph';
import type { FlowEvent } from './contract/events';
import { createReceptionMachine } from './reception-machine';
import { defaultReceptionSettings } from './reception-settings';
import { cardFailure, FakePorts, grayFrame, outage, personAnswer } from './testing/fake-ports';
import { isInState, kioskViewOf, staffViewOf } from './view-model';
import type { ReceptionContext } from './reception-context';

const settings = { ...defaultReceptionSettings('kiosk-1'), framesPerFaceAttempt: 1, issuesElectronicPrescriptions: true };
const machine = createReceptionMachine(new FakePorts().dependencies(), settings);
const RECEPTION = 'r-model';

const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output, actorId: id });
const failed = (id: string, error: unknown) => ({ type: `xstate.error.actor.${id}`, error, actorId: id });
const face = { birthDate: '1980-02-17', sexCode: '1', signatureValid: true };

/** Every variant of every event the machine declares somewhere; delays come from the nodes themselves. */
function eventsOf(context: ReceptionContext): AnyEventObject[] {
  const receptionId = context.receptionId ?? RECEPTION;
  const flowEvents: FlowEvent[] = [
    { type: 'card.inserted', receptionId: RECEPTION },
    { type: 'card.removed' },
    { type: 'method.chosen', method: 'face' },
    { type: 'method.chosen', method: 'pin' },
    { type: 'face.frame', frame: grayFrame(0) },
    { type: 'pin.entered', pin: '1234' },
    { type: 'consent.answered', category: 'pharmaceutical', agreed: true },
    { type: 'consent.answered', category: 'specificHealthCheckups', agreed: false },
    { type: 'consent.all' },
    { type: 'prescription.chosen', form: 'paper' },
    { type: 'fallback.chosen', choice: 'pin' },
    { type: 'fallback.chosen', choice: 'staff' },
    { type: 'staff.requested' },
    { type: 'reception.cancelled' },
    { type: 'staff.visualCheck.started', staffId: 's1' },
    { type: 'staff.visualCheck.approved', staffId: 's1' },
    { type: 'staff.visualCheck.rejected', staffId: 's1' },
    { type: 'staff.reception.cancelled', staffId: 's1' },
  ];
  const results: AnyEventObject[] = [
    done('readCard', { certificateDer: new Uint8Array([1]), pinTriesLeft: 3 }),
    done('readCard', { certificateDer: new Uint8Array([1]), pinTriesLeft: 0 }),
    failed('readCard', cardFailure('NOT_MY_NUMBER_CARD')),
    failed('readCard', cardFailure('CARD_UNRESPONSIVE')),
    failed('readCard', cardFailure('PCSC_UNAVAILABLE')),
    done('verifyCertificate', { ok: true, issuerGeneration: 'g', serialNumberHex: '01', subjectId: 's', revocationSource: 'crl' }),
    done('verifyCertificate', { ok: false, code: 'CERT_EXPIRED', detail: '' }),
    done('verifyCertificate', { ok: false, code: 'REVOCATION_UNAVAILABLE', detail: '' }),
    failed('verifyCertificate', new Error('engine')),
    done('prepareFace', { kind: 'ready', sessionId: 'f1', challenge: 'blink', cardFace: face }),
    done('prepareFace', { kind: 'collation-last-try' }),
    done('prepareFace', { kind: 'card-photo-unusable', cardFace: face }),
    done('prepareFace', { kind: 'card-front-failed', code: 'CARD_FRONT_UNREADABLE' }),
    failed('prepareFace', cardFailure('CARD_REMOVED')),
    done('verifyFace', { decision: 'match', nextChallenge: 'blink', instruction: null }),
    done('verifyFace', { decision: 'no-match', nextChallenge: 'turn-left', instruction: null }),
    failed('verifyFace', { code: 'worker-crashed' }),
    done('verifyPin', undefined),
    failed('verifyPin', cardFailure('WRONG_PIN', 2)),
    failed('verifyPin', cardFailure('WRONG_PIN', 1)),
    failed('verifyPin', cardFailure('PIN_LOCKED', 0)),
    failed('verifyPin', cardFailure('TRANSPORT_FAILED')),
    done('readCardFaceForCheck', face),
    done('readCardFaceForCheck', undefined),
    failed('readCardFaceForCheck', new Error('never expected')),
    done('findCardPhoto', { ok: true }),
    done('findCardPhoto', { ok: false, code: 'COLLATION_LAST_TRY' }),
    failed('findCardPhoto', new Error('never expected')),
    done('queryCentral', personAnswer(receptionId)),
    done('queryCentral', personAnswer(receptionId, '1999-01-01')),
    done('queryCentral', personAnswer(receptionId, '1980-02-17', '1', '5')),
    done('queryCentral', personAnswer(receptionId, '1980-02-17', '1', '4')),
    done('queryCentral', { ...(personAnswer(receptionId) as object), processingResultStatus: '2', processingResultCode: 'CARD_CERTIFICATE_NOT_LINKED' }),
    done('queryCentral', { ...(personAnswer(receptionId) as object), processingResultStatus: '2', processingResultCode: 'CARD_CERTIFICATE_INVALID [REVOKED]' }),
    done('queryCentral', { ...(personAnswer(receptionId) as object), processingResultStatus: '2', processingResultCode: 'SOMETHING_ELSE' }),
    done('queryCentral', personAnswer('another-reception')),
    done('queryCentral', outage()),
    done('queryCentral', { ok: false, code: 'CENTRAL_REFUSED', centralCode: 'PRESENCE_PROOF_INVALID', outage: false, detail: '' }),
    failed('queryCentral', cardFailure('CARD_REMOVED')),
    done('recordCompletion', undefined),
    failed('recordCompletion', new Error('disk full')),
    done('queueReception', undefined),
    failed('queueReception', new Error('disk full')),
  ];
  const delays = getStateNodes(machine.root).flatMap((node) => [...node.transitions.keys()].filter((type) => type.startsWith('xstate.after.')));
  return [...flowEvents, ...results, ...delays.map((type) => ({ type }))];
}

type Step = { event: AnyEventObject; state: AnyMachineSnapshot };

/** Groups snapshots by what decides the next step, so the walk ends. */
function serialize(snapshot: { value: unknown; context: ReceptionContext }): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.pinTriesLeft,
    c.faceAttempts.consecutiveFailures,
    c.consentIndex,
    c.frames.length,
    c.answer === undefined,
    c.cardFace === undefined,
    c.warning,
  ]);
}

const adjacency: AdjacencyMap<AnyMachineSnapshot, AnyEventObject> = getAdjacencyMap(machine as AnyStateMachine, {
  events: (snapshot: AnyMachineSnapshot) => eventsOf(snapshot.context as ReceptionContext),
  serializeState: (snapshot: AnyMachineSnapshot) => serialize(snapshot as never) as never,
  limit: 200_000,
});

describe('reception machine, walked whole', () => {
  const snapshots = Object.values(adjacency).map((entry) => entry.state);
  const changed = Object.values(adjacency).flatMap((entry) =>
    Object.values(entry.transitions as Record<string, Step>)
      .filter((transition) => serialize(transition.state as never) !== serialize(entry.state as never) || transition.event.type.startsWith('xstate.after.'))
      .map((transition) => ({ from: entry.state, event: transition.event, to: transition.state })),
  );

  it('reaches every state node', () => {
    const reached = new Set(snapshots.flatMap((snapshot) => snapshot._nodes.map((node: { id: string }) => node.id)));
    // A transient node (only `always`) is passed through within one step and never rests in a snapshot.
    const transient = (node: { transitions: Map<string, unknown>; always?: unknown }) => node.transitions.size === 0 && node.always !== undefined;
    const all = getStateNodes(machine.root)
      .filter((node) => !transient(node))
      .map((node) => node.id);
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(all.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('takes every event every state node declares', () => {
    const taken = new Set(changed.flatMap(({ from, event }) => from._nodes.map((node: { id: string }) => `${node.id} ${event.type}`)));
    // A declared no-op (no target, no action) exists to swallow an event, e.g. a staff cancel while recording.
    const declared = getStateNodes(machine.root).flatMap((node) =>
      [...node.transitions.entries()]
        .filter(([, transitions]) => transitions.some((transition) => transition.target !== undefined || transition.actions.length > 0))
        .map(([type]) => `${node.id} ${type}`),
    );
    expect(declared.length).toBeGreaterThan(60);
    expect(declared.filter((pair) => !taken.has(pair))).toEqual([]);
  });

  it('every reachable state with a patient can be left by pulling the card, and that wipes the patient', () => {
    const active = Object.values(adjacency).filter((entry) => isInState(entry.state.value, 'active'));
    expect(active.length).toBeGreaterThan(30);
    for (const entry of active) {
      const pulled = Object.values(entry.transitions as Record<string, Step>).find((transition) => transition.event.type === 'card.removed');
      expect(pulled?.state.value).toBe('idle');
      const context = pulled!.state.context as ReceptionContext;
      for (const field of ['receptionId', 'certificateDer', 'cardFace', 'cardPhoto', 'answer', 'method', 'faceSessionId', 'crossCheck', 'resultCodes'] as const) {
        expect(context[field]).toBeUndefined();
      }
      expect(context.frames).toEqual([]);
      expect(context.consents).toEqual({});
    }
  });

  it('every state with a patient has a way out besides the card: a timeout, a dependency bound, or an always transition', () => {
    for (const node of getStateNodes(machine.root)) {
      if (!node.id.startsWith('reception.active.') || node.type !== 'atomic') continue;
      // Its own, or one of a state it is part of (目視確認's timeout bounds each of its steps).
      let exits = false;
      for (let owner: typeof node | undefined = node; owner !== undefined && owner.id !== 'reception.active'; owner = owner.parent) {
        exits ||= [...owner.transitions.keys()].some((type) => type.startsWith('xstate.after.') && type.includes('Timeout')) || owner.always !== undefined;
      }
      expect(exits, node.id).toBe(true);
    }
  });

  it('every timeout moves the reception on: no timeout leads back to where it started', () => {
    let checked = 0;
    for (const entry of Object.values(adjacency)) {
      for (const transition of Object.values(entry.transitions as Record<string, Step>)) {
        const type = transition.event.type;
        // The reminder to take the card keeps waiting for the card on purpose: pulling it is the way out.
        if (!type.startsWith('xstate.after.') || !type.includes('Timeout') || type.includes('removeCardReminder')) continue;
        // Only a timeout of a state the snapshot is in fires; the walk also tries the others.
        const owner = type.split('.').slice(3).join('.');
        if (!entry.state._nodes.some((node: { id: string }) => node.id === owner)) continue;
        checked += 1;
        expect(serialize(transition.state as never), type).not.toBe(serialize(entry.state as never));
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('no view model of any reachable state holds the certificate, a card face fact or the answer', () => {
    for (const snapshot of snapshots) {
      const view = JSON.stringify(kioskViewOf(snapshot as never, 0));
      expect(view).not.toMatch(/1980-02-17|certificate|qualification-response|birthDate/);
    }
  });

  it('staff see the state of the card photo in 目視確認 only, as codes', () => {
    const states = new Set<string>();
    for (const snapshot of snapshots) {
      const view = staffViewOf(snapshot as never, 0);
      expect(view.cardPhoto === undefined || view.screen === 'visual-check').toBe(true);
      if (view.cardPhoto !== undefined) states.add(JSON.stringify(view.cardPhoto));
      if (!isInState(snapshot.value, 'active.visualCheck')) expect((snapshot.context as ReceptionContext).cardPhoto).toBeUndefined();
    }
    // The walk keeps one snapshot per state value: one reason stands for all of them.
    expect([...states].map((state) => (JSON.parse(state) as { status: string }).status).sort()).toEqual(['missing', 'reading', 'shown']);
  });
});
