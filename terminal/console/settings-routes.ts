import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { refuse } from '../http/refusal';
import type { FacilitySettingsService } from '../settings/settings-service';

export interface SettingsRoutesOptions {
  readonly settings: FacilitySettingsService;
  /** 管理者 only: the guard refuses anyone else (and a write without its CSRF token) with a coded envelope. */
  readonly guard: preHandlerHookHandler;
  /** The login name of the signed-in account the guard let through. */
  readonly staffOf: (request: FastifyRequest) => string;
  /** Told after a save, so the live consoles redraw with the new settings. */
  readonly onSaved?: () => void;
}

const STATUS = { SETTINGS_INVALID: 400, SETTINGS_CONFLICT: 409, SETTINGS_UNCHANGED: 409 } as const;
const MESSAGE = {
  SETTINGS_INVALID: '設定が正しくありません / the settings are not valid',
  SETTINGS_CONFLICT: '他の管理者が先に保存しました。読み込み直してください / another administrator saved first: reload',
  SETTINGS_UNCHANGED: '変更がありません / nothing was changed',
} as const;

/**
 * The facility settings of the 管理者:
 *
 * - GET /api/console/settings   the saved settings (or the configuration file's), their version and what waits for a restart
 * - PUT /api/console/settings   `{ baseVersion, settings }`: checked whole, stored with its audit row, applied
 *
 * A refused save is the coded envelope with `problems`, one per field, and nothing is stored.
 */
export async function registerSettingsRoutes(app: FastifyInstance, options: SettingsRoutesOptions): Promise<void> {
  app.get('/api/console/settings', { preHandler: options.guard }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return options.settings.view();
  });

  app.put<{ Body: unknown }>('/api/console/settings', { preHandler: options.guard, bodyLimit: 65_536 }, async (request, reply) => {
    const body = typeof request.body === 'object' && request.body !== null ? (request.body as { baseVersion?: unknown; settings?: unknown }) : {};
    const outcome = options.settings.save(body.settings, body.baseVersion, options.staffOf(request));
    if (!outcome.ok) return { ...refuse(reply, STATUS[outcome.code], outcome.code, MESSAGE[outcome.code]), problems: outcome.problems };
    options.onSaved?.();
    return outcome.saved;
  });
}
