import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CONSENT_CATEGORIES } from '../flow/ports/central-system';
import { DEFAULT_TIMEOUTS, type ReceptionTimeouts } from '../flow/reception-settings';
import { consoleAuthConfigSchema } from './console/auth/settings';
import { receiptFoldersConfigSchema } from './receipt-folders/settings';

/** Where the terminal listens and what it serves. Defaults run the demo with nothing to configure. */
export interface ServerConfig {
  /** Loopback by default: the kiosk and console are served to this machine only. */
  host: string;
  /** 0 lets the OS choose a free port. */
  port: number;
  /** Folder of the built renderers (`scripts/build-renderer.ts`): the kiosk under kiosk/, and so on. */
  rendererDir: string;
}

export const DEFAULT_PORT = 8300;

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: env.OQS_TERMINAL_HOST ?? '127.0.0.1',
    port: parsePort(env.OQS_TERMINAL_PORT),
    rendererDir: env.OQS_RENDERER_DIR ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)),
  };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`OQS_TERMINAL_PORT must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}

export const timeoutKeys = Object.keys(DEFAULT_TIMEOUTS) as (keyof ReceptionTimeouts)[];

export const kioskSchema = z.strictObject({
  /** Names the counter in face files and on the console: letters, digits and '-'. */
  id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'letters, digits and - only, at most 32'),
  readerName: z.string().min(1),
  /** Where 照合番号B comes from: the reader's card-front scanner, or staff typing it on the console. */
  cardFront: z.enum(['printed-fields', 'staff-entry']),
  /** The reader carries extended-length APDUs (vpcd does): the card's files come in one answer each. */
  extendedLength: z.boolean().optional(),
});

/** The reception terminal's whole configuration; `parseReceptionConfig` checks it at start. */
export const receptionConfigSchema = z.strictObject({
  facility: z.strictObject({
    medicalInstitutionCode: z.string().regex(/^\d{10}$/, '医療機関コード: 10 digits'),
    consentCategories: z
      .array(z.enum(CONSENT_CATEGORIES))
      .max(CONSENT_CATEGORIES.length)
      .refine((categories) => new Set(categories).size === categories.length, 'each consent screen once'),
    issuesElectronicPrescriptions: z.boolean(),
    /** The facility's name as its PDFs show it; the 医療機関コード when absent. */
    name: z.string().min(1).max(80).optional(),
  }),
  kiosks: z
    .array(kioskSchema)
    .min(1)
    .superRefine((kiosks, ctx) => {
      for (const key of ['id', 'readerName'] as const) {
        const seen = new Set<string>();
        kiosks.forEach((kiosk, index) => {
          if (seen.has(kiosk[key])) ctx.addIssue({ code: 'custom', path: [index, key], message: `two kiosks with the same ${key}` });
          seen.add(kiosk[key]);
        });
      }
    }),
  central: z.strictObject({
    url: z.url({ protocol: /^https$/ }),
    /** PEM files: the CA the server's certificate chains to, the facility's client certificate and key. */
    caCertificate: z.string().min(1),
    clientCertificate: z.string().min(1),
    clientKey: z.string().min(1),
    /** The facility's reader key, which signs attestations for 顔認証 and 目視; never sent to a renderer. */
    readerCertificate: z.string().min(1),
    readerKey: z.string().min(1),
  }),
  certificates: z.strictObject({
    /** Trust anchors of 利用者証明用 certificates (folder). */
    trustStore: z.string().min(1),
    /** OCSP responder of J-LIS. */
    ocspUrl: z.url(),
    /** SubjectPublicKeyInfo (DER) of the key that signs card faces (DF28). */
    cardFacePublicKey: z.string().min(1),
  }),
  face: z.strictObject({
    modelDirectory: z.string().min(1).optional(),
    framesPerAttempt: z.number().int().min(1).max(30),
    /** End-to-end tests and the demo only: the liveness challenges in a fixed order. Leave it out in a facility. */
    challengeSequence: z.array(z.enum(['blink', 'turn-left', 'turn-right'])).min(1).max(3).optional(),
  }),
  store: z.strictObject({ file: z.string().min(1) }),
  faceFolder: z.strictObject({ path: z.string().min(1), encoding: z.enum(['Shift_JIS', 'UTF-8']) }),
  /** The レセコン req/res folder interface (terminal/receipt-folders/settings.ts); absent, the terminal answers no request files. */
  receiptFolders: receiptFoldersConfigSchema.optional(),
  languages: z.array(z.enum(['ja', 'en', 'zh', 'ko', 'vi'])).min(1),
  /** The staff console's sign-in: idle and absolute session ends, lock-out, roles that need TOTP (terminal/console/auth/settings.ts). */
  console: consoleAuthConfigSchema.optional(),
  timeouts: z
    .strictObject(Object.fromEntries(timeoutKeys.map((key) => [key, z.number().int().min(1).max(3_600_000).optional()])))
    .superRefine((timeouts, ctx) => {
      const merged = { ...DEFAULT_TIMEOUTS, ...Object.fromEntries(Object.entries(timeouts).filter(([, value]) => value !== undefined)) } as ReceptionTimeouts;
      checkWarningsComeFirst(merged, ctx);
    }),
});

/** A warning must come before its timeout, or the countdown is never shown. */
export function checkWarningsComeFirst(timeouts: ReceptionTimeouts, ctx: z.RefinementCtx): void {
  for (const key of WAITING_SCREENS) {
    if (timeouts.warningBeforeMs >= timeouts[key]) ctx.addIssue({ code: 'custom', path: [key], message: `時間切れの予告（${timeouts.warningBeforeMs / 1000} 秒）より長くしてください / must be longer than warningBeforeMs (${timeouts.warningBeforeMs} ms)` });
  }
}

/** The timeouts of screens a patient waits on: each has a warning before it. */
export const WAITING_SCREENS = ['methodChoiceMs', 'cardFrontMs', 'faceCaptureMs', 'pinEntryMs', 'fallbackChoiceMs', 'consentMs', 'prescriptionMs', 'staffWaitMs', 'visualCheckMs'] as const satisfies readonly (keyof ReceptionTimeouts)[];

export type ReceptionConfig = z.infer<typeof receptionConfigSchema>;

export class TerminalConfigError extends Error {
  readonly code = 'TERMINAL_CONFIG_INVALID';
}

/** Checks a configuration; a bad one fails with every problem named by its path. */
export function parseReceptionConfig(value: unknown): ReceptionConfig {
  const parsed = receptionConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new TerminalConfigError(`設定が正しくありません / the configuration is not valid:\n  ${problems.join('\n  ')}`);
}

export function timeoutsOf(config: ReceptionConfig): ReceptionTimeouts {
  const overrides = Object.fromEntries(Object.entries(config.timeouts).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_TIMEOUTS, ...overrides };
}
