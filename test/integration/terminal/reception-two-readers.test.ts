import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VpcdReaderIndex } from '../../../device/virtual-card/virtual-card-slot';
import { parseFaceFile } from '../../../oqs/messages/face-file';
import { TerminalFixture } from '../../harness/reception-terminal';

// Two readers at once: two independent flows, each answer bound to its own kiosk and reception.
let fixture: TerminalFixture;

beforeAll(async () => {
  fixture = await TerminalFixture.start({ readers: [0, 1] });
});

afterAll(async () => {
  await fixture?.stop();
});

async function receiveByPin(profileId: string, reader: VpcdReaderIndex): Promise<string> {
  const kiosk = fixture.kiosk(reader);
  await fixture.insert(profileId, reader);
  await fixture.screen('method-choice', reader);
  kiosk.screenEvent({ type: 'method.chosen', method: 'pin' });
  await fixture.screen('pin-entry', reader);
  kiosk.screenEvent({ type: 'pin.entered', pin: fixture.person(profileId).card.userAuthPin });
  await fixture.screen('consent', reader);
  kiosk.screenEvent({ type: 'consent.all' });
  await fixture.screen('result', reader);
  return kiosk.receptionId!;
}

describe('two readers at once', () => {
  it('each result belongs to its own kiosk and person', async () => {
    const [first, second] = await Promise.all([receiveByPin('shiken-taro', 0), receiveByPin('yakushi-taro', 1)]);
    expect(fixture.terminal.store.findReception(first)).toMatchObject({ kioskId: 'kiosk-1', state: 'completed' });
    expect(fixture.terminal.store.findReception(second)).toMatchObject({ kioskId: 'kiosk-2', state: 'completed' });
    const birthDateIn = (kioskId: string, receptionId: string) => {
      const file = readdirSync(fixture.faceFolder()).find((name) => name.startsWith(`OQSsiquc01res_face_${kioskId}-${receptionId.replace(/-/g, '')}_`));
      return parseFaceFile(readFileSync(join(fixture.faceFolder(), file!))).MessageBody.ResultList?.[0]?.Birthdate;
    };
    expect(birthDateIn('kiosk-1', first)).toBe(fixture.person('shiken-taro').birthDate.replace(/-/g, ''));
    expect(birthDateIn('kiosk-2', second)).toBe(fixture.person('yakushi-taro').birthDate.replace(/-/g, ''));
    await Promise.all([fixture.remove(0), fixture.remove(1)]);
  });
});
