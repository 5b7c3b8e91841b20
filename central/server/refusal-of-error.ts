import { CentralRefusal, isCentralRefusal } from '../service/central-errors';

/** What the HTTP framework reports, by its error codes, as the central system's own refusal. */
const FRAMEWORK_REFUSALS: Record<string, () => CentralRefusal> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new CentralRefusal('BODY_TOO_LARGE'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new CentralRefusal('REQUEST_ABORTED', 'Content-Length does not match the body'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new CentralRefusal('UNSUPPORTED_MEDIA_TYPE'),
  FST_ERR_BAD_URL: () => new CentralRefusal('MALFORMED_REQUEST_TARGET'),
  FST_ERR_INVALID_URL: () => new CentralRefusal('MALFORMED_REQUEST_TARGET'),
  FST_ERR_MAX_PARAM_LENGTH: () => new CentralRefusal('MALFORMED_REQUEST_TARGET'),
};

/** Any failure of a request, as a coded refusal; `unexpected` marks one that is a bug of ours. */
export function refusalOfError(error: unknown): { refusal: CentralRefusal; unexpected: boolean } {
  if (isCentralRefusal(error)) return { refusal: error, unexpected: false };
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const framework = FRAMEWORK_REFUSALS[code];
  if (framework !== undefined) return { refusal: framework(), unexpected: false };
  // A client that went away mid-body.
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as { message?: string } | null)?.message === 'aborted') {
    return { refusal: new CentralRefusal('REQUEST_ABORTED'), unexpected: false };
  }
  return { refusal: new CentralRefusal('INTERNAL'), unexpected: true };
}
