import { join } from 'node:path';
import { z } from 'zod';
import { FOLDER_ERRORS, type ErrorCodeMap, type FolderErrorCode, type ResponseEncodingRule } from '../../oqs/receipt-folder';

/** How the レセコン folder service works; `receiptFolderSettingsOf` reads them from the configuration. */
export interface ReceiptFolderSettings {
  /** Where the レセコン drops requests (`C:\OQS\Req` on a real terminal). */
  readonly reqFolder: string;
  /** Where the answers appear under the request's name with req → res. */
  readonly resFolder: string;
  /** Where answered requests are moved (by day) when retention moves them. */
  readonly archiveFolder: string;
  /** The ledger of answered request names (never shared with the レセコン). */
  readonly stateFolder: string;
  /** The face folder, for retention only (the face files are written by the reception). */
  readonly faceFolder: string | undefined;
  /** `watch`: file system events plus a rescan every rescanMs (events are not reliable); `poll`: the rescan only. */
  readonly detection: 'watch' | 'poll';
  readonly rescanMs: number;
  /** A file is read once its size and time have not changed for this long (two looks, or its time that old). */
  readonly settleMs: number;
  /** A file that stays without its end tag this long is taken as it is (and answered as malformed). */
  readonly incompleteMs: number;
  /** Larger requests are not read: REQUEST_TOO_LARGE. */
  readonly maxRequestBytes: number;
  /**
   * Requests worked on at once. Each spends most of its time waiting — on the central system (whose
   * calls the client's connection pool bounds) or on a file flushed to disk — so this is well above the
   * client's connections: file work of some overlaps the central calls of others.
   */
  readonly concurrency: number;
  /** Which encoding a response is written in (unpublished in the real system, §10). */
  readonly responseEncoding: ResponseEncodingRule;
  /** The encoding of an answer to a request whose own encoding cannot be told. */
  readonly fallbackEncoding: 'Shift_JIS' | 'UTF-8';
  /** When the central system is down: keep the request and answer after recovery, or answer at once with the coded outage error. */
  readonly centralOutage: 'retry' | 'answer';
  /** How often a request kept through an outage is tried again. */
  readonly outageRetryMs: number;
  /** How often a request kept because a folder failed (full, gone, not writable) is tried again. */
  readonly folderRetryMs: number;
  /** ErrorCode written for each of our codes, where the レセコン expects other values (the real list is unpublished). */
  readonly errorCodes: ErrorCodeMap;
  readonly retention: RetentionSettings;
}

export interface RetentionSettings {
  /** An answered request is moved into the archive (by day) or removed. */
  readonly answeredRequests: 'move' | 'remove';
  /** Responses in Res older than this are removed (at least an hour: the レセコン reads them in seconds). */
  readonly responseKeepMs: number;
  /** Archived requests older than this are removed. */
  readonly archiveKeepMs: number;
  /** A request name is known as answered this long: a name dropped again within it is not answered again. */
  readonly ledgerKeepMs: number;
  /** Face files older than this are removed; undefined keeps them. */
  readonly faceKeepMs: number | undefined;
  /** How often retention runs. */
  readonly sweepMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_RECEIPT_FOLDER_SETTINGS = {
  detection: 'watch',
  rescanMs: 1000,
  settleMs: 20,
  incompleteMs: 5000,
  maxRequestBytes: 1024 * 1024,
  concurrency: 32,
  responseEncoding: 'as-request',
  fallbackEncoding: 'Shift_JIS',
  centralOutage: 'retry',
  outageRetryMs: 5000,
  folderRetryMs: 2000,
  errorCodes: {},
  retention: { answeredRequests: 'move', responseKeepMs: 7 * DAY, archiveKeepMs: 30 * DAY, ledgerKeepMs: 90 * DAY, faceKeepMs: 30 * DAY, sweepMs: 10 * 60_000 },
} as const satisfies Omit<ReceiptFolderSettings, 'reqFolder' | 'resFolder' | 'archiveFolder' | 'stateFolder' | 'faceFolder'>;

const errorCodeKeys = Object.keys(FOLDER_ERRORS) as FolderErrorCode[];

/** The `receiptFolders` section of the terminal's configuration: a root folder, every other key optional. */
export const receiptFoldersConfigSchema = z
  .strictObject({
    /** req/, res/, archive/ and state/ go under it unless named one by one. */
    root: z.string().min(1),
    req: z.string().min(1).optional(),
    res: z.string().min(1).optional(),
    archive: z.string().min(1).optional(),
    state: z.string().min(1).optional(),
    detection: z.enum(['watch', 'poll']).optional(),
    rescanMs: z.number().int().min(50).max(60_000).optional(),
    settleMs: z.number().int().min(0).max(10_000).optional(),
    incompleteMs: z.number().int().min(100).max(600_000).optional(),
    maxRequestKiB: z.number().int().min(1).max(10 * 1024).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    responseEncoding: z.enum(['as-request', 'Shift_JIS', 'UTF-8']).optional(),
    fallbackEncoding: z.enum(['Shift_JIS', 'UTF-8']).optional(),
    centralOutage: z.enum(['retry', 'answer']).optional(),
    outageRetryMs: z.number().int().min(10).max(600_000).optional(),
    folderRetryMs: z.number().int().min(10).max(600_000).optional(),
    errorCodes: z.partialRecord(z.enum(errorCodeKeys as [FolderErrorCode, ...FolderErrorCode[]]), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).optional(),
    retention: z
      .strictObject({
        answeredRequests: z.enum(['move', 'remove']).optional(),
        responseHours: z.number().min(1).max(24 * 366).optional(),
        archiveDays: z.number().min(1).max(3660).optional(),
        ledgerDays: z.number().min(1).max(3660).optional(),
        /** 0 keeps face files. */
        faceDays: z.number().min(0).max(3660).optional(),
        sweepMinutes: z.number().min(1).max(1440).optional(),
      })
      .optional(),
  })
  .refine((config) => config.settleMs === undefined || config.incompleteMs === undefined || config.settleMs < config.incompleteMs, {
    message: 'settleMs must be shorter than incompleteMs',
    path: ['settleMs'],
  });

export type ReceiptFoldersConfig = z.infer<typeof receiptFoldersConfigSchema>;

/** The settings from the configuration, embedded defaults for every key left out. */
export function receiptFolderSettingsOf(config: ReceiptFoldersConfig, faceFolder?: string): ReceiptFolderSettings {
  const defaults = DEFAULT_RECEIPT_FOLDER_SETTINGS;
  const retention = config.retention ?? {};
  const responseKeepMs = retention.responseHours === undefined ? defaults.retention.responseKeepMs : retention.responseHours * HOUR;
  const ledgerKeepMs = retention.ledgerDays === undefined ? defaults.retention.ledgerKeepMs : retention.ledgerDays * DAY;
  return {
    reqFolder: config.req ?? join(config.root, 'req'),
    resFolder: config.res ?? join(config.root, 'res'),
    archiveFolder: config.archive ?? join(config.root, 'archive'),
    stateFolder: config.state ?? join(config.root, 'state'),
    faceFolder,
    detection: config.detection ?? defaults.detection,
    rescanMs: config.rescanMs ?? defaults.rescanMs,
    settleMs: config.settleMs ?? defaults.settleMs,
    incompleteMs: config.incompleteMs ?? defaults.incompleteMs,
    maxRequestBytes: config.maxRequestKiB === undefined ? defaults.maxRequestBytes : config.maxRequestKiB * 1024,
    concurrency: config.concurrency ?? defaults.concurrency,
    responseEncoding: config.responseEncoding ?? defaults.responseEncoding,
    fallbackEncoding: config.fallbackEncoding ?? defaults.fallbackEncoding,
    centralOutage: config.centralOutage ?? defaults.centralOutage,
    outageRetryMs: config.outageRetryMs ?? defaults.outageRetryMs,
    folderRetryMs: config.folderRetryMs ?? defaults.folderRetryMs,
    errorCodes: config.errorCodes ?? {},
    retention: {
      answeredRequests: retention.answeredRequests ?? defaults.retention.answeredRequests,
      responseKeepMs,
      archiveKeepMs: retention.archiveDays === undefined ? defaults.retention.archiveKeepMs : retention.archiveDays * DAY,
      // A name is remembered at least as long as its response may still be in Res.
      ledgerKeepMs: Math.max(ledgerKeepMs, responseKeepMs),
      faceKeepMs: retention.faceDays === undefined ? defaults.retention.faceKeepMs : retention.faceDays === 0 ? undefined : retention.faceDays * DAY,
      sweepMs: retention.sweepMinutes === undefined ? defaults.retention.sweepMs : retention.sweepMinutes * 60_000,
    },
  };
}
