import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { receiptFolderSettingsOf, receiptFoldersConfigSchema } from './settings';

describe('receipt folder settings', () => {
  it('puts the folders under the root and fills every other key with its default', () => {
    const settings = receiptFolderSettingsOf(receiptFoldersConfigSchema.parse({ root: '/data/oqs' }), '/data/oqs/face');
    expect(settings).toMatchObject({
      reqFolder: join('/data/oqs', 'req'),
      resFolder: join('/data/oqs', 'res'),
      archiveFolder: join('/data/oqs', 'archive'),
      stateFolder: join('/data/oqs', 'state'),
      faceFolder: '/data/oqs/face',
      detection: 'watch',
      responseEncoding: 'as-request',
      centralOutage: 'retry',
      retention: { answeredRequests: 'move', responseKeepMs: 7 * 86_400_000, faceKeepMs: 30 * 86_400_000 },
    });
  });

  it('keeps a name in the ledger at least as long as its response may be in Res', () => {
    const settings = receiptFolderSettingsOf(receiptFoldersConfigSchema.parse({ root: '/r', retention: { responseHours: 24 * 10, ledgerDays: 1, faceDays: 0 } }));
    expect(settings.retention.ledgerKeepMs).toBe(10 * 86_400_000);
    expect(settings.retention.faceKeepMs).toBeUndefined();
  });

  it('refuses a response kept less than an hour, unknown keys and error codes, and a settle time past the incomplete time', () => {
    expect(receiptFoldersConfigSchema.safeParse({ root: '/r', retention: { responseHours: 0.5 } }).success).toBe(false);
    expect(receiptFoldersConfigSchema.safeParse({ root: '/r', polling: true }).success).toBe(false);
    expect(receiptFoldersConfigSchema.safeParse({ root: '/r', errorCodes: { NOT_OURS: 'X' } }).success).toBe(false);
    expect(receiptFoldersConfigSchema.safeParse({ root: '/r', settleMs: 500, incompleteMs: 400 }).success).toBe(false);
    expect(receiptFoldersConfigSchema.safeParse({ root: '/r', errorCodes: { REQUEST_MALFORMED: 'E0001' } }).success).toBe(true);
  });
});
