import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JpkiFile } from '../../kernel/card/applications';
import { InMemoryCounterStore } from './counter-store';
import { InProcessTransport } from './in-process-transport';
import { command, sw } from './testing/card-commands';
import { FakeVpcd } from './testing/fake-vpcd';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';
import { VirtualCard } from './virtual-card';
import { insertIntoVpcd } from './vpcd-link';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const newCard = (): VirtualCard => new VirtualCard({ profile, counters: new InMemoryCounterStore() });

describe('fault injection, in process', () => {
  it('"command received" fires before the answer, while a latency hook holds it', async () => {
    const card = newCard();
    let release = (): void => {};
    card.faults.delayEachCommandUntil(() => new Promise<void>((resolve) => (release = resolve)));
    const transport = await InProcessTransport.connect(card);
    const events: string[] = [];
    const arrived = card.nextCommand().then(() => events.push('received'));
    const answered = transport.exchange(command.selectApplication('jpki')).then((response) => events.push(`answered ${sw(response)}`));
    await arrived;
    expect(events).toEqual(['received']);
    release();
    await answered;
    expect(events).toEqual(['received', 'answered 9000']);
    expect(card.commandsReceived).toBe(1);
  });

  it('a timer latency delays the answer and nothing else', async () => {
    const card = newCard();
    card.faults.delayEachCommandBy(5);
    const transport = await InProcessTransport.connect(card);
    expect(sw(await transport.exchange(command.selectApplication('jpki')))).toBe('9000');
    expect(() => card.faults.delayEachCommandBy(-1)).toThrow(RangeError);
  });

  it('6F00 to the next N commands, which change nothing (no try used)', async () => {
    const card = newCard();
    const transport = await InProcessTransport.connect(card);
    await transport.exchange(command.selectApplication('jpki'));
    await transport.exchange(command.selectFile(JpkiFile.userAuthPin));
    card.faults.answerTechnicalProblem(2);
    expect(sw(await transport.exchange(command.verify('0000')))).toBe('6F00');
    expect(sw(await transport.exchange(command.verify('0000')))).toBe('6F00');
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(3);
    expect(sw(await transport.exchange(command.verify('0000')))).toBe('63C2');
  });

  it('a pull on the next command rejects that exchange with CARD_REMOVED and unpowers the card', async () => {
    const card = newCard();
    const transport = await InProcessTransport.connect(card);
    card.faults.pullOnNextCommand();
    await expect(transport.exchange(command.selectApplication('jpki'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(card.isPowered).toBe(false);
    await expect(transport.exchange(command.selectApplication('jpki'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });

  it('a command held across a power loss is abandoned, never executed', async () => {
    const card = newCard();
    card.powerOn();
    let release = (): void => {};
    card.faults.delayEachCommandUntil(() => new Promise<void>((resolve) => (release = resolve)));
    const arrived = card.nextCommand();
    const pending = card.transmit(command.selectApplication('jpki'));
    await arrived;
    card.powerCycle();
    release();
    await expect(pending).rejects.toMatchObject({ code: 'COMMAND_ABANDONED' });
  });

  it('clear() removes every fault', async () => {
    const card = newCard();
    card.faults.pullOnNextCommand();
    card.faults.answerTechnicalProblem(3);
    card.faults.delayEachCommandUntil(() => new Promise<void>(() => {}));
    card.faults.clear();
    const transport = await InProcessTransport.connect(card);
    expect(sw(await transport.exchange(command.selectApplication('jpki')))).toBe('9000');
  });
});

describe('fault injection, through the vpcd protocol', () => {
  let vpcd: FakeVpcd;
  beforeEach(async () => {
    vpcd = await FakeVpcd.listen();
  });
  afterEach(async () => {
    await vpcd.close();
  });

  it('a pull drops the connection after the command arrives, with no answer', async () => {
    const card = newCard();
    const insertion = await insertIntoVpcd(card, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    reader.powerOn();
    expect(sw(await reader.transmit(command.selectApplication('jpki')))).toBe('9000');
    card.faults.pullOnNextCommand();
    const arrived = card.nextCommand();
    await expect(reader.transmit(command.selectFile(JpkiFile.userAuthCertificate))).rejects.toThrow(/closed before it answered/);
    await arrived;
    await insertion.closed;
    expect(card.isPowered).toBe(false);
  });

  it('6F00 reaches the reader as an answer', async () => {
    const card = newCard();
    await insertIntoVpcd(card, { port: vpcd.port });
    const reader = await vpcd.nextCard();
    reader.powerOn();
    card.faults.answerTechnicalProblem(1);
    expect(sw(await reader.transmit(command.selectApplication('jpki')))).toBe('6F00');
    expect(sw(await reader.transmit(command.selectApplication('jpki')))).toBe('9000');
  });
});
