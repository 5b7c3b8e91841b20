import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFaceFile, parseFaceFileName } from '../messages/face-file';
import type { QualificationResponse } from '../messages/qualification-messages';
import { fixture } from '../testing/test-support';
import { faceFileTime, faceFileToken, publishStagedFaceFile, stageFaceFile, writeFaceFile, type WriteFaceFileInput } from './face-file-writer';
import { isFaceFolderError, type FaceFolderErrorCode } from './face-folder-error';

const response: QualificationResponse = parseFaceFile(fixture('face.utf8.xml'));
// 2026-01-12 09:15:02 JST.
const now = new Date('2026-01-12T00:15:02Z');

async function codeOf(action: Promise<unknown>): Promise<FaceFolderErrorCode | 'resolved'> {
  try {
    await action;
    return 'resolved';
  } catch (error) {
    if (isFaceFolderError(error)) return error.code;
    throw error;
  }
}

describe('writeFaceFile', () => {
  let root: string;
  let folder: string;
  const input = (overrides: Partial<WriteFaceFileInput> = {}): WriteFaceFileInput => ({
    folder,
    kioskToken: 'kiosk-01',
    receptionToken: 'R0042',
    response,
    encoding: 'Shift_JIS',
    now,
    ...overrides,
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'face-folder-'));
    folder = join(root, 'OQS', 'face');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    ['Shift_JIS', '1'],
    ['UTF-8', '0'],
  ] as const)('writes a %s face file that reads back, CharacterCodeIdentifier %s, and leaves no temporary file', async (encoding, identifier) => {
    // The input says the other encoding: the writer sets the identifier to what it writes.
    const mismatched = { ...response, MessageHeader: { ...response.MessageHeader, CharacterCodeIdentifier: identifier === '0' ? '1' : '0' } };
    const written = await writeFaceFile(input({ encoding, response: mismatched }));

    expect(written.fileName).toBe('OQSsiquc01res_face_kiosk-01-R0042_20260112091502.xml');
    expect(parseFaceFileName(written.fileName)).toEqual({ token: 'kiosk-01-R0042', writtenAt: '20260112091502' });
    expect(await readdir(folder)).toEqual([written.fileName]);
    const bytes = new Uint8Array(await readFile(written.path));
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 60))).toContain(`encoding="${encoding}"`);
    const parsed = parseFaceFile(bytes);
    expect(parsed.MessageHeader.CharacterCodeIdentifier).toBe(identifier);
    expect(parsed.MessageBody).toEqual(response.MessageBody);
    expect({ ...parsed.MessageHeader, CharacterCodeIdentifier: undefined }).toEqual({ ...response.MessageHeader, CharacterCodeIdentifier: undefined });
  });

  it.each(['139999', '00139999', '  139999'])('writes the 国保 保険者番号 %j space-padded, as the レセコン reads it (§2.3)', async (given) => {
    const [first] = response.MessageBody.ResultList ?? [];
    const withNumber = { ...response, MessageBody: { ...response.MessageBody, ResultList: [{ ...first!, InsurerNumber: given }] } };
    const written = await writeFaceFile(input({ response: withNumber }));
    const text = new TextDecoder('shift_jis').decode(await readFile(written.path));
    expect([...text.matchAll(/<InsurerNumber>([^<]*)<\/InsurerNumber>/g)].map((match) => match[1])).toEqual(['  139999']);
  });

  it('creates the folder when it is missing', async () => {
    await writeFaceFile(input());
    expect(await readdir(folder)).toHaveLength(1);
  });

  it('never overwrites a face file of the same name: coded error, old file intact, no temporary file', async () => {
    const first = await writeFaceFile(input());
    const before = await readFile(first.path);
    const second = writeFaceFile(input({ encoding: 'UTF-8' }));
    expect(await codeOf(second)).toBe('FACE_FILE_EXISTS');
    expect(await readFile(first.path)).toEqual(before);
    expect(await readdir(folder)).toEqual([first.fileName]);
    // Another second gives another name.
    await writeFaceFile(input({ now: new Date(now.getTime() + 1000) }));
    expect(await readdir(folder)).toHaveLength(2);
  });

  it('refuses to move a staged file over one that appeared in the meantime, and removes the staged one', async () => {
    const staged = await stageFaceFile(input());
    await writeFile(staged.path, 'written by someone else');
    expect(await codeOf(publishStagedFaceFile(staged))).toBe('FACE_FILE_EXISTS');
    expect(await readFile(staged.path, 'utf8')).toBe('written by someone else');
    expect(await readdir(folder)).toEqual([staged.fileName]);
  });

  it('a crash between writing and moving leaves only a temporary file the レセコン never reads as a face file', async () => {
    // stageFaceFile is everything writeFaceFile does before the move; the process "dies" here.
    const staged = await stageFaceFile(input());
    const names = await readdir(folder);
    expect(names).toHaveLength(1);
    const [tempName = ''] = names;
    expect(join(folder, tempName)).toBe(staged.tempPath);
    expect(tempName.startsWith('.')).toBe(true);
    expect(tempName.endsWith('.tmp')).toBe(true);
    expect(parseFaceFileName(tempName)).toBeUndefined();
    // The content is complete: once moved, it is the face file.
    expect(parseFaceFile(new Uint8Array(await readFile(staged.tempPath))).MessageHeader.CharacterCodeIdentifier).toBe('1');
    await publishStagedFaceFile(staged);
    expect(await readdir(folder)).toEqual([staged.fileName]);
  });

  it('gives FOLDER_UNWRITABLE for a folder that cannot be created or written', async () => {
    const file = join(root, 'not-a-folder');
    await writeFile(file, '');
    expect(await codeOf(writeFaceFile(input({ folder: file })))).toBe('FOLDER_UNWRITABLE');
    expect(await codeOf(writeFaceFile(input({ folder: join(file, 'face') })))).toBe('FOLDER_UNWRITABLE');
  });

  it.skipIf(process.getuid?.() === 0)('gives FOLDER_UNWRITABLE for a read-only folder (not as root, who may write anywhere)', async () => {
    const { chmod, mkdir } = await import('node:fs/promises');
    await mkdir(folder, { recursive: true });
    await chmod(folder, 0o555);
    try {
      expect(await codeOf(writeFaceFile(input()))).toBe('FOLDER_UNWRITABLE');
    } finally {
      await chmod(folder, 0o755);
    }
  });

  it('refuses tokens that sanitise to nothing or run too long, before touching the folder', async () => {
    expect(await codeOf(writeFaceFile(input({ kioskToken: '受付' })))).toBe('INVALID_TOKEN');
    expect(await codeOf(writeFaceFile(input({ receptionToken: 'x'.repeat(33) })))).toBe('INVALID_TOKEN');
    expect(await codeOf(writeFaceFile(input({ now: new Date(Number.NaN) })))).toBe('INVALID_TIME');
    await expect(readdir(folder)).rejects.toThrow();
  });
});

describe('face file name parts', () => {
  it('joins kiosk and reception with -, every other character run becoming one -', () => {
    expect(faceFileToken('kiosk-01', 'R0042')).toBe('kiosk-01-R0042');
    expect(faceFileToken('受付 1番', 'R#42/7')).toBe('1-R-42-7');
    expect(faceFileToken('__a__', 'b_c')).toBe('a-b-c');
  });

  it('writes the time as JST, whatever the process time zone', () => {
    expect(faceFileTime(new Date('2026-01-12T00:15:02Z'))).toBe('20260112091502');
    expect(faceFileTime(new Date('2025-12-31T15:00:00Z'))).toBe('20260101000000');
  });
});
