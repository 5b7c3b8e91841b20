import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHex } from '../../kernel/bytes';
import { InMemoryCounterStore } from './counter-store';
import { command, sw } from './testing/card-commands';
import { FakeVpcd } from './testing/fake-vpcd';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';
import { VirtualCard } from './virtual-card';
import { insertIntoVpcd, VpcdError, type VpcdCard } from './vpcd-link';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const newCard = (): VirtualCard => new VirtualCard({ profile, counters: new InMemoryCounterStore() });

describe('the card side of vpcd', () => {
  let vpcd: FakeVpcd;
  beforeEach(async () => {
    vpcd = await FakeVpcd.listen({ closeWhenCardLeaves: false });
  });
  afterEach(async () => {
    await vpcd.close();
  });

  it('answers GET ATR with the profile ATR and control bytes with nothing', async () => {
    const card = newCard();
    await insertIntoVpcd(card, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    reader.powerOff();
    reader.powerOn();
    reader.reset();
    expect(toHex(await reader.getAtr())).toBe('3BC5FF8131FB458073C6010000');
    expect(card.isPowered).toBe(true);
  });

  it('answers APDUs in the order they came, even when the card is slow', async () => {
    const card = newCard();
    const releases: Array<() => void> = [];
    card.faults.delayEachCommandUntil(() => new Promise<void>((resolve) => releases.push(resolve)));
    await insertIntoVpcd(card, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    reader.powerOn();
    const firstArrived = card.nextCommand();
    const secondArrived = card.nextCommand((apdu) => apdu[4] === 7);
    const first = reader.transmit(command.selectApplication('jpki'));
    const second = reader.transmit(command.selectApplication('issuerSecurityDomain'));
    await firstArrived;
    // The second command waits behind the first: the card has not seen it yet.
    expect(card.commandsReceived).toBe(1);
    releases[0]?.();
    expect(sw(await first)).toBe('9000');
    await secondArrived;
    releases[1]?.();
    expect(sw(await second)).toBe('9000');
  });

  it('answers 6F00 when the card itself fails (here: no power-on first)', async () => {
    await insertIntoVpcd(newCard(), { port: vpcd.port });
    const reader = await vpcd.nextCard();
    expect(sw(await reader.transmit(command.selectApplication('jpki')))).toBe('6F00');
  });

  it('remove() resolves only once vpcd has closed its side, and unpowers the card', async () => {
    const card = newCard();
    const insertion = await insertIntoVpcd(card, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    reader.powerOn();
    let removed = false;
    const removal = insertion.remove().then(() => (removed = true));
    await reader.cardLeft;
    expect(removed).toBe(false);
    reader.closeCard();
    await removal;
    expect(card.isPowered).toBe(false);
  });

  it('pull() drops the connection at once', async () => {
    const card = newCard();
    const insertion = await insertIntoVpcd(card, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    insertion.pull();
    await reader.cardLeft;
    await insertion.closed;
  });

  it('reports VPCD_UNREACHABLE when nothing listens', async () => {
    const port = vpcd.port;
    await vpcd.close();
    await expect(insertIntoVpcd(newCard(), { port })).rejects.toBeInstanceOf(VpcdError);
    vpcd = await FakeVpcd.listen();
  });

  it('drops a card that throws on a control message instead of stalling', async () => {
    const broken: VpcdCard = {
      atr: Uint8Array.of(0x3b, 0x00),
      powerOn: () => {
        throw new Error('broken');
      },
      powerOff: () => {},
      reset: () => {},
      transmit: () => Uint8Array.of(0x90, 0x00),
    };
    const insertion = await insertIntoVpcd(broken, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    reader.powerOn();
    await insertion.closed;
  });
});
