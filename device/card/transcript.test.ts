import { describe, expect, it } from 'vitest';
import { readCardFace } from './card-face';
import { CardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { readUserAuthCertificate, signWithUserAuthKey, verifyUserAuthPin } from './jpki';
import { cardFaceFile, certificateLike, sampleCardFaceFields, withFiller } from './testing/card-files';
import { EXTENDED_MAX_RESPONSE, ScriptedTransport } from './testing/scripted-transport';
import { formatTranscript, parseTranscript, RecordingTransport, redactCommand, ReplayTransport } from './transcript';
import type { Transcript } from './transcript';
import { failureOf } from './testing/failure-of';

const OK = '9000';
const certificate = certificateLike(1300, 11);
const certificateFile = withFiller(certificate, 1536);
const face = cardFaceFile(sampleCardFaceFields(600));

function certificateCard(): ScriptedTransport {
  const reads: Array<readonly [string, string]> = [];
  for (let offset = 0; offset < 1300; offset += 256) {
    const le = offset === 0 ? 256 : Math.min(256, 1300 - offset);
    reads.push([`00B0${offset.toString(16).padStart(4, '0')}${(le & 0xff).toString(16).padStart(2, '0')}`, `${toHex(certificateFile.subarray(offset, offset + le))}${OK}`]);
  }
  return new ScriptedTransport([
    ['00A4040C0AD392F000260100000001', OK],
    ['00A4020C02000A', OK],
    ...reads,
  ]);
}

function cardFaceCard(collationNumberB: string): ScriptedTransport {
  return new ScriptedTransport(
    [
      ['00A4040C0AD3921000310001010402', OK],
      ['00A4020C020012', OK],
      ['00200080', '63CA'],
      [`002000800E${toHex(new TextEncoder().encode(collationNumberB))}`, OK],
      ['00A4020C020002', OK],
      ['00B00000000000', `${toHex(face)}${OK}`],
    ],
    EXTENDED_MAX_RESPONSE,
  );
}

describe('redactCommand', () => {
  it.each([
    ['VERIFY with a PIN', '002000800431323334', '0020008004********'],
    ['VERIFY by SFI', '002000980431323334', '0020009804********'],
    ['VERIFY with 照合番号B', '002000800E3535303231373230333532323835', `002000800E${'**'.repeat(14)}`],
    ['CHANGE REFERENCE DATA', '0024018004353637380A', '0024018004********0A'],
    ['共通AP change PIN (80 32)', '803200800431323334', '8032008004********'],
    ['an extended-length VERIFY', '00200080000004313233340000', '00200080000004********0000'],
    ['a VERIFY whose lengths do not parse', '0020008009313233', '00200080********'],
    ['the retries query (nothing secret)', '00200080', '00200080'],
    ['READ BINARY (nothing secret)', '00B0010000', '00B0010000'],
    ['SELECT (nothing secret)', '00A4020C020018', '00A4020C020018'],
  ])('%s', (_name, command, redacted) => {
    expect(redactCommand(fromHex(command))).toBe(redacted);
  });
});

describe('record and replay', () => {
  it('records a whole certificate read and replays it to the same certificate', async () => {
    const card = certificateCard();
    const recorder = new RecordingTransport(card);
    const read = await readUserAuthCertificate(recorder);
    card.assertComplete();
    const transcript = recorder.transcript;
    expect(transcript.entries).toHaveLength(8);
    expect(transcript.entries[0]).toMatchObject({ step: 'select JPKI AP', command: '00A4040C0AD392F000260100000001', response: '9000' });
    expect(transcript.entries.slice(2).every((entry) => entry.step === 'read 利用者証明用電子証明書')).toBe(true);

    const replay = new ReplayTransport(parseTranscript(formatTranscript(transcript)));
    expect(toHex(await readUserAuthCertificate(replay))).toBe(toHex(read));
    replay.assertComplete();
  });

  it('records a card-face read with 照合番号B masked, never stored, and replays it', async () => {
    const secret = '55021720352285';
    const recorder = new RecordingTransport(cardFaceCard(secret));
    const read = await readCardFace(recorder, secret);
    const text = formatTranscript(recorder.transcript);
    expect(text).not.toContain(toHex(new TextEncoder().encode(secret)));
    expect(JSON.stringify(recorder.transcript)).not.toContain(toHex(new TextEncoder().encode(secret)));
    expect(text).toContain(`> 002000800E${'**'.repeat(14)}`);
    expect(text).toContain('# verify 照合番号B');

    const replay = new ReplayTransport(parseTranscript(text));
    expect(replay.maxResponseLength).toBe(EXTENDED_MAX_RESPONSE);
    const again = await readCardFace(replay, secret);
    expect(toHex(again.raw)).toBe(toHex(read.raw));
    replay.assertComplete();
  });

  it('compares VERIFY in masked form: another value of the same length replays the recorded answer', async () => {
    const recorder = new RecordingTransport(cardFaceCard('55021720352285'));
    await readCardFace(recorder, '55021720352285');
    const replay = new ReplayTransport(recorder.transcript);
    await readCardFace(replay, '11111111111111');
    replay.assertComplete();
  });

  it('fails with TRANSCRIPT_MISMATCH on the first command that differs, and on every one after', async () => {
    const recorder = new RecordingTransport(certificateCard());
    await readUserAuthCertificate(recorder);
    const replay = new ReplayTransport(recorder.transcript);
    const failure = await failureOf(verifyUserAuthPin(replay, '1234'));
    expect(failure.code).toBe('TRANSCRIPT_MISMATCH');
    // The SELECT of the JPKI AP matched; the SELECT of EF 0018 did not.
    expect(failure.message).toContain('exchange 1');
    expect((await failureOf(replay.exchange(fromHex('00A4040C0AD392F000260100000001')))).code).toBe('TRANSCRIPT_MISMATCH');
  });

  it('fails with TRANSCRIPT_MISMATCH past the end, and assertComplete reports exchanges left over', async () => {
    const replay = new ReplayTransport({ maxResponseLength: 258, entries: [{ command: '00A4020C020017', response: '9000' }] });
    expect(() => replay.assertComplete()).toThrow(expect.objectContaining({ code: 'TRANSCRIPT_MISMATCH' }));
    await signWithUserAuthKey(replay, new Uint8Array(32)).catch(() => undefined);
    expect((await failureOf(replay.exchange(fromHex('00A4020C020017')))).code).toBe('TRANSCRIPT_MISMATCH');
  });

  it('records a transport failure as its code and replays it as that CardError', async () => {
    const card = new ScriptedTransport([
      ['00A4040C0AD392F000260100000001', OK],
      ['00A4020C02000A', OK],
      ['00B0000000', new CardError('CARD_REMOVED', 'pulled')],
    ]);
    const recorder = new RecordingTransport(card);
    expect((await failureOf(readUserAuthCertificate(recorder))).code).toBe('CARD_REMOVED');
    const transcript: Transcript = parseTranscript(formatTranscript(recorder.transcript));
    expect(transcript.entries[2]).toMatchObject({ command: '00B0000000', error: 'CARD_REMOVED' });
    expect((await failureOf(readUserAuthCertificate(new ReplayTransport(transcript)))).code).toBe('CARD_REMOVED');
  });

  it('the text form round-trips and refuses garbage with INVALID_INPUT', () => {
    const transcript: Transcript = {
      maxResponseLength: 258,
      entries: [
        { step: 'one', command: '00A4020C020017', response: '9000' },
        { command: '0020008004********', response: '63C2' },
        { step: 'three', command: '00B0000000', error: 'CARD_REMOVED' },
      ],
    };
    expect(parseTranscript(formatTranscript(transcript))).toEqual(transcript);
    expect(() => parseTranscript('> 00A4')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseTranscript('maxResponseLength 258\n< 9000')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseTranscript('maxResponseLength 258\n> 00A4\n')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseTranscript('maxResponseLength 258\n> 0G\n< 9000')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('close() closes the wrapped transport', async () => {
    const card = new ScriptedTransport([]);
    await new RecordingTransport(card).close();
    expect(card.closed).toBe(true);
  });
});
