/**
 * The mock's ErrorCode list. The real 処理結果コード / ErrorCode lists are unpublished (oqs-interface.md
 * §10), so these are our own upper-case identifiers: each has an HTTP status and a Japanese message
 * with English beside it. A message never carries personal data or a stack trace.
 */
export const CENTRAL_ERRORS = {
  // Transport and format
  BODY_TOO_LARGE: { status: 413, message: '要求が大きすぎます (request body too large)' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '形式が不正です。JSON または XML で送信してください (send JSON or XML)' },
  UNSUPPORTED_ENCODING: { status: 400, message: '文字コードが不正です (unsupported or wrong character encoding)' },
  MALFORMED_JSON: { status: 400, message: 'JSON の形式が不正です (malformed JSON)' },
  JSON_LIST_SHAPE: { status: 400, message: 'JSON の一覧の形が不正です (a JSON list is not in the one shape the API document states)' },
  MALFORMED_XML: { status: 400, message: 'XML の形式が不正です (malformed XML)' },
  UNKNOWN_MESSAGE: { status: 400, message: '電文種別が不正です (unknown message type)' },
  MISSING_ELEMENT: { status: 400, message: '必須項目がありません (a required element is missing)' },
  INVALID_VALUE: { status: 400, message: '項目の値が不正です (an element has an invalid value)' },
  REQUEST_ABORTED: { status: 400, message: '要求が途中で切断されました (request body aborted)' },
  MALFORMED_REQUEST: { status: 400, message: 'HTTP 要求の形式が不正です (malformed HTTP request)' },
  HEADERS_TOO_LARGE: { status: 431, message: 'ヘッダーが大きすぎます (request headers too large)' },
  MALFORMED_REQUEST_TARGET: { status: 400, message: '要求先 (URL) の形式が不正です (malformed request target)' },
  NOT_FOUND: { status: 404, message: '該当する API がありません (no such endpoint)' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'メソッドが不正です (method not allowed)' },
  // Who is asking
  CLIENT_CERTIFICATE_REQUIRED: { status: 401, message: 'クライアント証明書がありません (client certificate required)' },
  CLIENT_CERTIFICATE_REVOKED: { status: 401, message: 'クライアント証明書は失効しています (client certificate revoked)' },
  CLIENT_CERTIFICATE_UNKNOWN: { status: 401, message: 'クライアント証明書を確認できません (client certificate not trusted or not registered)' },
  FACILITY_MISMATCH: { status: 403, message: '医療機関コードが証明書と一致しません (医療機関コード does not match the certificate)' },
  TOKEN_MISSING: { status: 401, message: '認証トークンがありません (Authorization token missing)' },
  TOKEN_INVALID: { status: 401, message: '認証トークンが無効です (token unknown or issued to another certificate)' },
  TOKEN_EXPIRED: { status: 401, message: '認証トークンの有効期限が切れています (token expired)' },
  PERSON_AUTHENTICATION_FAILED: { status: 401, message: '本人の電子証明書で認証できません (person authentication failed)' },
  FACILITY_CERTIFICATE_NOT_ALLOWED: { status: 403, message: '医療機関の証明書ではこの情報を参照できません (not readable by a facility)' },
  PRESENCE_PROOF_MISSING: { status: 403, message: '本人確認の証明がありません。カードリーダーで本人確認を行ってください (no proof that the person was at the reader)' },
  PRESENCE_CHALLENGE_INVALID: { status: 403, message: 'チャレンジが無効です（未発行・使用済み・期限切れ・他の接続）(challenge unknown, used, expired or issued to another connection)' },
  PRESENCE_PROOF_INVALID: { status: 403, message: '本人確認の証明を検証できません (the proof of presence does not verify)' },
  READER_KEY_UNKNOWN: { status: 403, message: 'カードリーダーの鍵が登録されていません (reader key not registered for this facility)' },
  ADMIN_TOKEN_INVALID: { status: 401, message: '管理トークンが不正です (admin token invalid)' },
  // The card and the person
  CARD_CERTIFICATE_INVALID: { status: 200, message: '電子証明書の有効性を確認できません (the card certificate did not verify)' },
  CARD_CERTIFICATE_NOT_LINKED: { status: 200, message: '電子証明書が利用登録されていません (certificate not registered for 保険証利用)' },
  NO_CONSENT: { status: 403, message: '閲覧同意がありません、または有効期限切れです (no consent in force)' },
  VIEWING_BLOCKED: { status: 403, message: '閲覧停止中のため提供できません (viewing blocked for this person)' },
  PERSON_NOT_FOUND: { status: 404, message: '該当する被保険者がありません (no matching insured person)' },
  MULTIPLE_PERSONS: { status: 409, message: '複数の被保険者が該当しました (several insured persons matched)' },
  TOO_MANY_OPEN_RECEPTIONS: { status: 429, message: '処理中の一括照会が上限に達しています。結果を取得してから再度送信してください (too many 一括照会 receptions not yet collected)' },
  RECEPTION_NOT_FOUND: { status: 404, message: '受付番号が見つかりません (unknown ReceptionNumber)' },
  // The service itself
  SERVICE_UNAVAILABLE: { status: 503, message: 'ただいまサービスを停止しています (service outage)' },
  INJECTED_ERROR: { status: 500, message: 'システムエラーが発生しました (injected fault)' },
  REQUEST_TIMEOUT: { status: 408, message: '要求がタイムアウトしました (request timed out)' },
  INTERNAL: { status: 500, message: 'システムエラーが発生しました (internal error)' },
} as const satisfies Record<string, { status: number; message: string }>;

export type CentralErrorCode = keyof typeof CENTRAL_ERRORS;

/** A refusal the server turns into the coded envelope; `detail` is an extra line free of personal data. */
export class CentralRefusal extends Error {
  override readonly name = 'CentralRefusal';
  constructor(
    readonly code: CentralErrorCode,
    readonly detail?: string,
  ) {
    super(detail === undefined ? CENTRAL_ERRORS[code].message : `${CENTRAL_ERRORS[code].message}: ${detail}`);
  }
}

export function isCentralRefusal(value: unknown): value is CentralRefusal {
  return value instanceof CentralRefusal;
}
