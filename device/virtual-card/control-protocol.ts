import type { KeyCounter } from './virtual-card';
import { isVpcdReaderIndex, type VpcdReaderIndex } from './virtual-card-slot';
import { VirtualCardError } from './virtual-card-error';

/**
 * The CLI's control protocol over the Unix socket in the state folder: one JSON line in, one JSON
 * line out, one request per connection.
 */
export const CONTROL_SOCKET_NAME = 'control.sock';
/** A request or answer larger than this is refused: the server reads nothing unbounded. */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;

export type ControlRequest =
  | { command: 'insert'; profileId: string; reader: VpcdReaderIndex }
  | { command: 'remove'; reader: VpcdReaderIndex }
  | { command: 'swap'; profileId: string; reader: VpcdReaderIndex }
  | { command: 'status' };

export interface ReaderStatus {
  reader: VpcdReaderIndex;
  readerName: string;
  port: number;
  profileId: string | null;
  counters: KeyCounter[];
}

export interface ControlFailure {
  ok: false;
  error: { code: string; message: string; field?: string };
}

export type ControlResponse =
  | { ok: true; command: 'insert'; reader: VpcdReaderIndex; profileId: string }
  | { ok: true; command: 'remove'; reader: VpcdReaderIndex; removedProfileId: string | null }
  | { ok: true; command: 'swap'; reader: VpcdReaderIndex; profileId: string; removedProfileId: string | null }
  | { ok: true; command: 'status'; readers: ReaderStatus[] }
  | ControlFailure;

export function parseControlRequest(value: unknown): ControlRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('a request must be a JSON object');
  const request = value as Record<string, unknown>;
  const reader = (): VpcdReaderIndex => {
    if (!isVpcdReaderIndex(request.reader)) invalid('reader must be 0 or 1');
    return request.reader;
  };
  const profileId = (): string => {
    if (typeof request.profileId !== 'string' || request.profileId.length === 0) invalid('profileId must be a non-empty string');
    return request.profileId;
  };
  switch (request.command) {
    case 'insert':
      return { command: 'insert', profileId: profileId(), reader: reader() };
    case 'swap':
      return { command: 'swap', profileId: profileId(), reader: reader() };
    case 'remove':
      return { command: 'remove', reader: reader() };
    case 'status':
      return { command: 'status' };
    default:
      return invalid('command must be insert, remove, swap or status');
  }
}

/** Any error as a protocol failure, keeping the code and field when it has them. */
export function failureOf(error: unknown): ControlFailure {
  const coded = error as { code?: unknown; message?: unknown; field?: unknown } | null;
  const code = typeof coded?.code === 'string' ? coded.code : 'INTERNAL';
  const message = typeof coded?.message === 'string' ? coded.message : String(error);
  return { ok: false, error: { code, message, ...(typeof coded?.field === 'string' ? { field: coded.field } : {}) } };
}

function invalid(message: string): never {
  throw new VirtualCardError('CONTROL_REQUEST_INVALID', message);
}
