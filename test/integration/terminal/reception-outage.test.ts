import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaceFile } from '../../../oqs/messages/face-file';
import { TerminalFixture } from '../../harness/reception-terminal';

// The central system goes down while patients are received: each reception is queued durably, the
// patient gets the outage guidance, and once the system answers again every queued reception is
// completed exactly once, with its face file.
let fixture: TerminalFixture;

beforeAll(async () => {
  // The worker's own timer is set far out: the test drives each pass.
  fixture = await TerminalFixture.start({ outageRetryMs: 3_600_000 });
});

afterAll(async () => {
  await fixture?.stop();
});

const kiosk = () => fixture.kiosk(0);

function faults(method: 'PUT' | 'DELETE', body?: unknown) {
  return fixture.central.anonymous().send(method, '/admin/faults', {
    headers: { authorization: `Bearer ${fixture.central.stack.server.adminToken}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
  });
}

async function receiveByPin(profileId: string): Promise<string> {
  await fixture.insert(profileId);
  await fixture.screen('method-choice');
  kiosk().screenEvent({ type: 'method.chosen', method: 'pin' });
  await fixture.screen('pin-entry');
  kiosk().screenEvent({ type: 'pin.entered', pin: fixture.person(profileId).card.userAuthPin });
  await fixture.screen('consent');
  kiosk().screenEvent({ type: 'consent.all' });
  return kiosk().receptionId!;
}

describe('a central outage during receptions', () => {
  it('queues each reception with the outage guidance, then completes every one exactly once after recovery', async () => {
    const from = fixture.central.now();
    expect((await faults('PUT', { seed: 'outage', outageWindows: [{ from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() }] })).status).toBe(200);
    const received: string[] = [];
    for (const profileId of ['shiken-taro', 'yoshida-takashi']) {
      const receptionId = await receiveByPin(profileId);
      expect((await fixture.screen('outage')).message).toBe('outage-guidance');
      expect(kiosk().views().staff.alerts).toContain('CENTRAL_OUTAGE');
      received.push(receptionId);
      await fixture.remove();
    }
    const store = fixture.terminal.store;
    expect((await store.pendingQueue()).map((queued) => queued.receptionId).sort()).toEqual([...received].sort());
    for (const id of received) expect(store.findReception(id)?.state).toBe('queued');

    // Still down: a pass leaves them queued.
    await fixture.terminal.outage.drain();
    expect(await store.pendingQueue()).toHaveLength(2);

    expect((await faults('DELETE')).status).toBe(200);
    fixture.central.advance(60_000); // past the client's open circuit
    const outcomes: string[] = [];
    const stop = fixture.terminal.outage.subscribe((event) => outcomes.push(`${event.receptionId} ${event.outcome}`));
    await fixture.terminal.outage.drain();
    await fixture.terminal.outage.drain();
    stop();
    expect(outcomes.sort()).toEqual(received.map((id) => `${id} completed`).sort());
    expect(await store.pendingQueue()).toEqual([]);
    for (const [index, id] of received.entries()) {
      expect(store.findReception(id)).toMatchObject({ state: 'completed', method: 'pin', crossCheck: 'matched' });
      const files = readdirSync(fixture.faceFolder()).filter((name) => name.includes(id.replace(/-/g, '')));
      expect(files).toHaveLength(1);
      const person = fixture.person(['shiken-taro', 'yoshida-takashi'][index]!);
      expect(parseFaceFile(readFileSync(join(fixture.faceFolder(), files[0]!))).MessageBody.ResultList?.[0]?.Birthdate).toBe(person.birthDate.replace(/-/g, ''));
      // The console's 資格 and medical views have the answer, as for a reception completed at the kiosk.
      expect(fixture.terminal.answers.answerOf(id)?.receptionId).toBe(id);
      expect(fixture.terminal.answers.medicalKeysOf(id)).toBeDefined();
    }
    expect(store.verifyAuditChain().ok).toBe(true);
  });
});
