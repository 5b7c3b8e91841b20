import { access, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/harness/temp-dir';
import { fromHex } from '../../kernel/bytes';
import { sendControlRequest } from './control-client';
import { CONTROL_SOCKET_NAME, MAX_CONTROL_MESSAGE_BYTES, type ControlResponse } from './control-protocol';
import { ControlServer } from './control-server';
import { InMemoryCounterStore } from './counter-store';
import { ProfileDirectory } from './profile-directory';
import { command, sw } from './testing/card-commands';
import { FakeVpcd } from './testing/fake-vpcd';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';

const keys = generateTestKeys();

/** Sends raw bytes on the socket and returns the one-line answer. */
function sendRaw(socketPath: string, text: string): Promise<ControlResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('end', () => resolve(JSON.parse(received) as ControlResponse));
    socket.write(text);
  });
}

describe('ControlServer over its Unix socket', () => {
  let dir: TempDir;
  let readers: [FakeVpcd, FakeVpcd];
  let server: ControlServer;
  let socketPath: string;

  beforeEach(async () => {
    dir = await makeTempDir('virtual-card-control-');
    const profiles = new ProfileDirectory(join(dir.path, 'profiles'));
    await profiles.save(buildTestProfile(keys, { id: 'taro' }));
    await profiles.save(buildTestProfile(keys, { id: 'hanako', atr: fromHex('3BDA13FF8131FB468012392F31C173C601C03B') }));
    readers = [await FakeVpcd.listen(), await FakeVpcd.listen()];
    socketPath = join(dir.path, CONTROL_SOCKET_NAME);
    server = await ControlServer.start({
      socketPath,
      profiles,
      counters: new InMemoryCounterStore(),
      slotOptions: (reader) => ({ port: readers[reader].port }),
    });
  });

  afterEach(async () => {
    await server.close();
    await Promise.all(readers.map((reader) => reader.close()));
    await dir.remove();
  });

  it('listens on a socket only its user may use', async () => {
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
  });

  it('status, insert, status, remove: one JSON answer each', async () => {
    const empty = await sendControlRequest(socketPath, { command: 'status' });
    expect(empty).toMatchObject({ ok: true, readers: [{ reader: 0, profileId: null }, { reader: 1, readerName: 'Virtual PCD 00 01', profileId: null }] });

    expect(await sendControlRequest(socketPath, { command: 'insert', profileId: 'taro', reader: 1 })).toEqual({ ok: true, command: 'insert', reader: 1, profileId: 'taro' });
    const reader = await readers[1].nextCard();
    const status = await sendControlRequest(socketPath, { command: 'status' });
    expect(status).toMatchObject({ ok: true, readers: [{ profileId: null }, { profileId: 'taro', port: readers[1].port }] });
    if (status.ok && status.command === 'status') {
      expect(status.readers[1]?.counters).toContainEqual({ application: 'jpki', keyFid: '0018', triesLeft: 3, maxTries: 3 });
    }

    expect(await sendControlRequest(socketPath, { command: 'remove', reader: 1 })).toEqual({ ok: true, command: 'remove', reader: 1, removedProfileId: 'taro' });
    await reader.closed;
    expect(await sendControlRequest(socketPath, { command: 'remove', reader: 1 })).toMatchObject({ ok: true, removedProfileId: null });
  });

  it('keeps counters per card across removal and re-insertion', async () => {
    await sendControlRequest(socketPath, { command: 'insert', profileId: 'taro', reader: 0 });
    const first = await readers[0].nextCard();
    first.powerOn();
    await first.transmit(command.selectApplication('jpki'));
    expect(sw(await first.transmit(command.verify('0000', 0x18)))).toBe('63C2');
    await sendControlRequest(socketPath, { command: 'remove', reader: 0 });
    await sendControlRequest(socketPath, { command: 'insert', profileId: 'taro', reader: 0 });
    const again = await readers[0].nextCard();
    again.powerOn();
    await again.transmit(command.selectApplication('jpki'));
    expect(sw(await again.transmit(command.retriesQuery(0x18)))).toBe('63C2');
  });

  it('swaps: the old card leaves, the new one arrives, both named in the answer', async () => {
    await sendControlRequest(socketPath, { command: 'insert', profileId: 'taro', reader: 1 });
    const first = await readers[1].nextCard();
    expect(await sendControlRequest(socketPath, { command: 'swap', profileId: 'hanako', reader: 1 })).toEqual({
      ok: true,
      command: 'swap',
      reader: 1,
      profileId: 'hanako',
      removedProfileId: 'taro',
    });
    await first.closed;
    const second = await readers[1].nextCard();
    expect((await second.getAtr())[1]).toBe(0xda);
  });

  it('answers failures with the error code: occupied slot, unknown profile, bad swap keeps the card', async () => {
    await sendControlRequest(socketPath, { command: 'insert', profileId: 'taro', reader: 0 });
    expect(await sendControlRequest(socketPath, { command: 'insert', profileId: 'hanako', reader: 0 })).toMatchObject({ ok: false, error: { code: 'SLOT_OCCUPIED' } });
    expect(await sendControlRequest(socketPath, { command: 'insert', profileId: 'nobody', reader: 1 })).toMatchObject({ ok: false, error: { code: 'PROFILE_NOT_FOUND' } });
    expect(await sendControlRequest(socketPath, { command: 'swap', profileId: 'nobody', reader: 0 })).toMatchObject({ ok: false, error: { code: 'PROFILE_NOT_FOUND' } });
    expect(await sendControlRequest(socketPath, { command: 'status' })).toMatchObject({ readers: [{ profileId: 'taro' }, { profileId: null }] });
  });

  it('refuses malformed and oversized requests', async () => {
    expect(await sendRaw(socketPath, 'not json\n')).toMatchObject({ ok: false, error: { code: 'CONTROL_REQUEST_INVALID' } });
    expect(await sendRaw(socketPath, '{"command":"insert","profileId":"taro","reader":5}\n')).toMatchObject({ ok: false, error: { code: 'CONTROL_REQUEST_INVALID' } });
    expect(await sendRaw(socketPath, '{"command":"format-disk"}\n')).toMatchObject({ ok: false, error: { code: 'CONTROL_REQUEST_INVALID' } });
    expect(await sendRaw(socketPath, 'x'.repeat(MAX_CONTROL_MESSAGE_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'CONTROL_REQUEST_INVALID' } });
  });

  it('refuses a second server on the same socket', async () => {
    await expect(
      ControlServer.start({ socketPath, profiles: new ProfileDirectory(dir.path), counters: new InMemoryCounterStore() }),
    ).rejects.toMatchObject({ code: 'CONTROL_SERVER_RUNNING' });
  });

  it('close() removes every card and deletes the socket; clients then hear CONTROL_SERVER_NOT_RUNNING', async () => {
    await sendControlRequest(socketPath, { command: 'insert', profileId: 'taro', reader: 0 });
    await sendControlRequest(socketPath, { command: 'insert', profileId: 'hanako', reader: 1 });
    const cards = [await readers[0].nextCard(), await readers[1].nextCard()];
    await server.close();
    await Promise.all(cards.map((card) => card.closed));
    await expect(access(socketPath)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(sendControlRequest(socketPath, { command: 'status' })).rejects.toMatchObject({ code: 'CONTROL_SERVER_NOT_RUNNING' });
  });

  it('replaces a socket file left by a crashed server', async () => {
    await server.close();
    await writeFile(socketPath, 'stale');
    server = await ControlServer.start({ socketPath, profiles: new ProfileDirectory(dir.path), counters: new InMemoryCounterStore() });
    expect(await sendControlRequest(socketPath, { command: 'status' })).toMatchObject({ ok: true });
  });
});
