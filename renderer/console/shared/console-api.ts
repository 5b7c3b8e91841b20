// The staff console pages' one way to call the terminal: JSON in and out, the session cookie sent by
// the browser, the CSRF token of the last answer sent back on every state-changing request, and
// every refusal as its code (the terminal's envelope `{ error: { code, message } }`).

export interface ConsoleAccountView {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly role: 'reception' | 'clinician' | 'admin';
}

/** GET /api/console/me and the answers of login, password and totp/confirm. */
export interface ConsoleMe {
  readonly account: ConsoleAccountView;
  readonly mustChangePassword: boolean;
  readonly totp: { readonly required: boolean; readonly enrolled: boolean };
  readonly pending: 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLMENT_REQUIRED' | null;
  readonly session: { readonly idleTimeoutMs: number; readonly expiresAt: string };
  readonly csrfToken: string;
}

export class ConsoleApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly lockedUntil: string | undefined,
    /** The whole refusal as the terminal sent it (its message, and e.g. the problems of each field). */
    readonly answer: unknown = undefined,
  ) {
    super(code);
  }
}

let csrfToken: string | undefined;

/**
 * One request. `background: true` marks a refresh the page makes on its own: it does not count as
 * the staff member's activity, so a page left open still reaches its idle timeout.
 */
export async function consoleRequest<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, options: { background?: boolean } = {}): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { contentType: 'application/json', bytes: JSON.stringify(body) }, options);
}

/**
 * A POST of a file's bytes as they are (e.g. a Shift_JIS CSV as `text/csv`), with the CSRF token; the
 * answer and refusals as for consoleRequest.
 */
export async function consoleUpload<T>(path: string, bytes: ArrayBuffer, contentType: string): Promise<T> {
  return send<T>('POST', path, { contentType, bytes });
}

async function send<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  body: { readonly contentType: string; readonly bytes: string | ArrayBuffer } | undefined,
  options: { background?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = body.contentType;
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  if (options.background === true) headers['x-console-background'] = '1';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store', ...(body === undefined ? {} : { body: body.bytes }) });
  } catch {
    throw new ConsoleApiError('NETWORK', 0, undefined);
  }
  const answer = (await response.json().catch(() => ({}))) as { csrfToken?: unknown; error?: { code?: unknown; lockedUntil?: unknown } };
  if (typeof answer.csrfToken === 'string') csrfToken = answer.csrfToken;
  if (!response.ok) {
    const code = typeof answer.error?.code === 'string' ? answer.error.code : `HTTP_${response.status}`;
    throw new ConsoleApiError(code, response.status, typeof answer.error?.lockedUntil === 'string' ? answer.error.lockedUntil : undefined, answer);
  }
  return answer as T;
}

/** A token for the login form (made for no session). */
export async function fetchLoginCsrf(): Promise<void> {
  await consoleRequest<{ csrfToken: string }>('GET', '/api/console/csrf');
}

export function codeOf(error: unknown): string {
  return error instanceof ConsoleApiError ? error.code : 'NETWORK';
}
