import { describe, expect, it } from 'vitest';
import { isCardError } from '../card/card-error';
import { JpkiFile } from '../../kernel/card/applications';
import { fromHex } from '../../kernel/bytes';
import { InMemoryCounterStore } from './counter-store';
import { InProcessTransport, SHORT_APDU_MAX_RESPONSE } from './in-process-transport';
import { command, dataOf, sw } from './testing/card-commands';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';
import { VirtualCard } from './virtual-card';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const newCard = (): VirtualCard => new VirtualCard({ profile, counters: new InMemoryCounterStore() });

/** A promise and the function that resolves it, for latency hooks the test controls. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('InProcessTransport', () => {
  it('powers the card on at connect and off at close', async () => {
    const card = newCard();
    const transport = await InProcessTransport.connect(card);
    expect(card.isPowered).toBe(true);
    expect(sw(await transport.exchange(command.selectApplication('jpki')))).toBe('9000');
    await transport.close();
    expect(card.isPowered).toBe(false);
    await expect(transport.exchange(command.selectApplication('jpki'))).rejects.toMatchObject({ code: 'TRANSPORT_FAILED' });
  });

  it('with an extended-length reader (65538) returns a whole EF for extended Le', async () => {
    const transport = await InProcessTransport.connect(newCard());
    expect(transport.maxResponseLength).toBe(65538);
    await transport.exchange(command.selectApplication('jpki'));
    await transport.exchange(command.selectFile(JpkiFile.userAuthCertificate));
    expect(dataOf(await transport.exchange(fromHex('00B00000000000'))).length).toBe(1536);
  });

  it('as a short-only reader (258) refuses extended APDUs but carries 256-byte answers', async () => {
    const transport = await InProcessTransport.connect(newCard(), { maxResponseLength: SHORT_APDU_MAX_RESPONSE });
    await transport.exchange(command.selectApplication('jpki'));
    await transport.exchange(command.selectFile(JpkiFile.userAuthCertificate));
    expect((await transport.exchange(command.readBinary(0, 0))).length).toBe(258);
    await expect(transport.exchange(fromHex('00B00000000000'))).rejects.toMatchObject({ code: 'TRANSPORT_FAILED' });
  });

  it('refuses a maxResponseLength outside 258–65538', async () => {
    await expect(InProcessTransport.connect(newCard(), { maxResponseLength: 100 })).rejects.toThrow(RangeError);
  });

  it('allows one exchange at a time: a second one while the first is pending is refused', async () => {
    const card = newCard();
    const held = gate();
    card.faults.delayEachCommandUntil(() => held.promise);
    const transport = await InProcessTransport.connect(card);
    const first = transport.exchange(command.selectApplication('jpki'));
    await expect(transport.exchange(command.selectApplication('jpki'))).rejects.toMatchObject({ code: 'TRANSPORT_FAILED' });
    held.open();
    expect(sw(await first)).toBe('9000');
  });

  it('a card pulled by the test during an exchange rejects it with CARD_REMOVED, and every exchange after', async () => {
    const card = newCard();
    const held = gate();
    card.faults.delayEachCommandUntil(() => held.promise);
    const transport = await InProcessTransport.connect(card);
    const arrived = card.nextCommand();
    const pending = transport.exchange(command.selectApplication('jpki'));
    await arrived;
    transport.pullCard();
    await expect(pending).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(card.isPowered).toBe(false);
    held.open();
    const after = await transport.exchange(command.selectApplication('jpki')).catch((error: unknown) => error);
    expect(isCardError(after, 'CARD_REMOVED')).toBe(true);
    expect(transport.connectionState).toBe('removed');
    await transport.close();
  });

  it('close waits for the exchange in flight', async () => {
    const card = newCard();
    const held = gate();
    card.faults.delayEachCommandUntil(() => held.promise);
    const transport = await InProcessTransport.connect(card);
    const pending = transport.exchange(command.selectApplication('jpki'));
    const closing = transport.close();
    held.open();
    expect(sw(await pending)).toBe('9000');
    await closing;
    expect(card.isPowered).toBe(false);
  });
});
