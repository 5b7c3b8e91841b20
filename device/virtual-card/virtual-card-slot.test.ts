import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../kernel/bytes';
import { InMemoryCounterStore } from './counter-store';
import { FakeVpcd } from './testing/fake-vpcd';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';
import { VirtualCard } from './virtual-card';
import { isVirtualCardError } from './virtual-card-error';
import { vpcdPortOf, vpcdReaderName, VirtualCardSlot } from './virtual-card-slot';
import type { VpcdCard, VpcdInsertion } from './vpcd-link';

const keys = generateTestKeys();
const counters = new InMemoryCounterStore();
const cardA = (): VirtualCard => new VirtualCard({ profile: buildTestProfile(keys, { id: 'card-a' }), counters });
const cardB = (): VirtualCard =>
  new VirtualCard({ profile: buildTestProfile(keys, { id: 'card-b', atr: fromHex('3BDA13FF8131FB468012392F31C173C601C03B') }), counters });

describe('vpcd readers', () => {
  it('reader 0 is Virtual PCD 00 00 on 35963, reader 1 is Virtual PCD 00 01 on 35964', () => {
    expect([vpcdReaderName(0), vpcdPortOf(0)]).toEqual(['Virtual PCD 00 00', 35963]);
    expect([vpcdReaderName(1), vpcdPortOf(1)]).toEqual(['Virtual PCD 00 01', 35964]);
    expect(new VirtualCardSlot(1).port).toBe(35964);
    expect(() => new VirtualCardSlot(2 as 0)).toThrow(RangeError);
  });
});

describe('VirtualCardSlot against a fake vpcd', () => {
  let vpcd: FakeVpcd;
  beforeEach(async () => {
    vpcd = await FakeVpcd.listen();
  });
  afterEach(async () => {
    await vpcd.close();
  });

  it('inserts a card (vpcd sees its ATR) and removes it', async () => {
    const slot = new VirtualCardSlot<VirtualCard>(1, { port: vpcd.port });
    const card = cardA();
    await slot.insert(card);
    const reader = await vpcd.nextCard();
    expect(toHex(await reader.getAtr())).toBe('3BC5FF8131FB458073C6010000');
    expect(slot.card).toBe(card);
    expect(await slot.remove()).toBe(card);
    await reader.closed;
    expect(slot.card).toBeUndefined();
    expect(await slot.remove()).toBeUndefined();
  });

  it('refuses a second card while one is in: SLOT_OCCUPIED', async () => {
    const slot = new VirtualCardSlot<VirtualCard>(1, { port: vpcd.port });
    await slot.insert(cardA());
    const error = await slot.insert(cardB()).catch((caught: unknown) => caught);
    expect(isVirtualCardError(error, 'SLOT_OCCUPIED')).toBe(true);
    await slot.remove();
  });

  it('swaps: vpcd sees the first card leave, then the second arrive with its ATR', async () => {
    const slot = new VirtualCardSlot<VirtualCard>(1, { port: vpcd.port });
    await slot.insert(cardA());
    const first = await vpcd.nextCard();
    const removed = await slot.swap(cardB());
    expect(removed?.profile.id).toBe('card-a');
    await first.closed;
    const second = await vpcd.nextCard();
    expect(toHex(await second.getAtr())).toBe('3BDA13FF8131FB468012392F31C173C601C03B');
    expect(slot.card?.profile.id).toBe('card-b');
  });

  it('becomes empty when vpcd drops the card (pcscd stopped)', async () => {
    const slot = new VirtualCardSlot<VirtualCard>(1, { port: vpcd.port });
    const card = cardA();
    await slot.insert(card);
    const reader = await vpcd.nextCard();
    reader.powerOn();
    reader.closeCard();
    await slot.whenEmpty();
    expect(slot.card).toBeUndefined();
    expect(card.isPowered).toBe(false);
    await slot.insert(cardB());
  });

  it('pull() drops the card at once', async () => {
    const slot = new VirtualCardSlot<VirtualCard>(1, { port: vpcd.port });
    await slot.insert(cardA());
    const reader = await vpcd.nextCard();
    expect(slot.pull()?.profile.id).toBe('card-a');
    await reader.cardLeft;
    expect(slot.card).toBeUndefined();
  });
});

describe('VirtualCardSlot.swap waits for pcscd to let go of the old card', () => {
  it('connects the new card only after the old connection is closed by the reader side', async () => {
    const events: string[] = [];
    let letGo = (): void => {};
    const insertionOf = (name: string): VpcdInsertion => ({
      closed: new Promise<void>(() => {}),
      remove: () =>
        new Promise<void>((resolve) => {
          events.push(`${name} removing`);
          letGo = () => {
            events.push(`${name} released by pcscd`);
            resolve();
          };
        }),
      pull: () => {},
    });
    const slot = new VirtualCardSlot<VpcdCard>(1, {
      connect: async (card) => {
        const name = card === first ? 'first' : 'second';
        events.push(`${name} connected`);
        return insertionOf(name);
      },
    });
    const first = cardA();
    const second = cardB();
    await slot.insert(first);
    const swapped = slot.swap(second);
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(['first connected', 'first removing']);
    letGo();
    await swapped;
    expect(events).toEqual(['first connected', 'first removing', 'first released by pcscd', 'second connected']);
  });
});
