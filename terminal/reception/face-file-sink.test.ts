import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFaceFileName } from '../../oqs/messages/face-file';
import type { QualificationResponse } from '../../oqs/messages/qualification-messages';
import { FaceFileSink } from './face-file-sink';

const response: QualificationResponse = {
  MessageHeader: { MedicalInstitutionCode: '1399999999', ReferenceClassification: '1', SegmentOfResult: '1' },
  MessageBody: { ProcessingResultStatus: '1', QualificationValidity: '1' },
} as QualificationResponse;
const RECORDED = '0b273acd-fa8e-44e2-ac32-17463b9c70dd';
const LOST = '7f000000-0000-4000-8000-000000000001';
const at = new Date('2026-12-01T01:00:00Z');

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'oqs-face-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('face files staged around the store write', () => {
  it('a staged file is invisible to a レセコン until it is published', async () => {
    const sink = new FaceFileSink(folder, 'UTF-8');
    const staged = await sink.stage('kiosk-1', RECORDED, response, at);
    expect(readdirSync(folder).filter((name) => parseFaceFileName(name) !== undefined)).toEqual([]);
    await sink.publish(staged);
    expect(readdirSync(folder)).toEqual([staged.fileName]);
  });

  it('at start, publishes what a crash left staged for a recorded reception and removes the rest', async () => {
    const sink = new FaceFileSink(folder, 'Shift_JIS');
    const recorded = await sink.stage('kiosk-1', RECORDED, response, at);
    await sink.stage('kiosk-2', LOST, response, at);
    expect(await sink.recoverStaged((id) => id === RECORDED)).toEqual({ published: [RECORDED], failures: [] });
    expect(readdirSync(folder)).toEqual([recorded.fileName]);
    expect(await sink.recoverStaged(() => true)).toEqual({ published: [], failures: [] });
  });
});
