import { z } from 'zod';

/** A span of wall-clock time in which every request is refused as an outage. */
export interface OutageWindow {
  /** ISO 8601 instant with Z or an offset; inclusive. */
  from: string;
  /** ISO 8601 instant with Z or an offset; exclusive. */
  to: string;
}

/** What to inject; see fault-injector.ts for how a request's decision is drawn. */
export interface FaultConfig {
  /** The same seed and the same sequence of requests give the same decisions. */
  seed: string;
  /** Added delay in whole milliseconds, uniform in [min, max]. */
  latencyMs?: { min: number; max: number };
  /** Share of requests answered with the coded error envelope (SegmentOfResult 9). */
  errorRate?: number;
  /** Share of requests never answered. errorRate + timeoutRate must not exceed 1. */
  timeoutRate?: number;
  outageWindows?: OutageWindow[];
  /** Operation names the faults apply to; absent means all, empty means none. */
  routes?: string[];
}

export const MAX_LATENCY_MS = 60_000;
export const MAX_OUTAGE_WINDOWS = 50;
export const MAX_ROUTES = 200;

// Local times without an offset are refused: an outage window must be one instant on every machine.
const instant = (field: string) =>
  z.iso
    .datetime({ offset: true, error: `${field} must be an ISO 8601 instant with Z or an offset, e.g. 2025-04-01T09:00:00+09:00` })
    .refine((value) => !Number.isNaN(Date.parse(value)), `${field} is not a real instant`);

const rate = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(0, `${field} must be between 0 and 1`)
    .max(1, `${field} must be between 0 and 1`);

const latencyBound = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be whole milliseconds`)
    .min(0, `${field} must not be negative`)
    .max(MAX_LATENCY_MS, `${field} must be at most ${MAX_LATENCY_MS}`);

/** A strict object whose own problems (unknown keys, not an object) are worded with its name. */
const strictObjectNamed = <T extends z.core.$ZodLooseShape>(name: string, shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : `${name} must be a JSON object`),
  });

const outageWindowSchema = strictObjectNamed('outageWindows[]', {
  from: instant('outageWindows[].from'),
  to: instant('outageWindows[].to'),
}).refine((window) => Date.parse(window.from) < Date.parse(window.to), {
  message: 'outageWindows[]: from must be before to',
  path: ['from'],
});

const latencySchema = strictObjectNamed('latencyMs', {
  min: latencyBound('latencyMs.min'),
  max: latencyBound('latencyMs.max'),
}).refine((latency) => latency.min <= latency.max, { message: 'latencyMs.min must not exceed latencyMs.max', path: ['min'] });

/** The operations faults can be injected into, by the names a configuration's `routes` uses. */
export const FAULTABLE_OPERATIONS = [
  'authentication',
  'qualification-by-card',
  'qualification-by-insurance-keys',
  'qualification-bulk',
  'medication-information',
  'health-checkup-information',
  'reference-number-registration',
] as const;

/** The strict schema of a fault configuration: unknown keys are refused, every message names its field. */
export const faultConfigSchema: z.ZodType<FaultConfig> = strictObjectNamed('the fault configuration', {
  seed: z
    .string({ error: 'seed must be a string' })
    .min(1, 'seed must have 1 to 200 characters')
    .max(200, 'seed must have 1 to 200 characters'),
  latencyMs: latencySchema.optional(),
  errorRate: rate('errorRate').optional(),
  timeoutRate: rate('timeoutRate').optional(),
  outageWindows: z
    .array(outageWindowSchema, { error: 'outageWindows must be an array' })
    .max(MAX_OUTAGE_WINDOWS, `outageWindows must have at most ${MAX_OUTAGE_WINDOWS} windows`)
    .optional(),
  routes: z
    .array(
      z.string().refine((name) => (FAULTABLE_OPERATIONS as readonly string[]).includes(name), {
        message: `routes[] must name an operation: ${FAULTABLE_OPERATIONS.join(', ')}`,
      }),
      { error: 'routes must be an array of operation names' },
    )
    .max(MAX_ROUTES, `routes must have at most ${MAX_ROUTES} names`)
    .optional(),
})
  // One draw picks the kind (fault-injector.ts), so the two shares must fit in one.
  .refine((config) => (config.errorRate ?? 0) + (config.timeoutRate ?? 0) <= 1, {
    message: 'errorRate + timeoutRate must not exceed 1',
    path: ['errorRate'],
  });

/** One line per problem, each starting with the path of the bad field. */
export function describeFaultConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}
