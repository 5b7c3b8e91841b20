import type { CentralFailure } from '../../flow/ports/central-system';

/**
 * The codes this terminal writes into ErrorCode of the §3 error envelope (SegmentOfResult 9) when a
 * request in Req cannot be answered with its response. The real 処理結果コード list is unpublished
 * (§10): these are our own names, and a facility whose レセコン expects other values maps them in the
 * settings (`errorCodes`). Messages are Japanese with English beside them, never a person's data.
 */
export const FOLDER_ERRORS = {
  /** Not well-formed XML, not an XmlMsg, a required element missing, a value of the wrong form, or a file that stayed incomplete. */
  REQUEST_MALFORMED: '要求ファイルの形式が不正です (the request is not a valid message)',
  /** A request name whose prefix this terminal does not serve. */
  REQUEST_UNKNOWN_FAMILY: '対応していない電文種別です (request type not supported)',
  /** Larger than the configured limit; not read. */
  REQUEST_TOO_LARGE: '要求ファイルが大きすぎます (request file too large)',
  /** An encoding other than Shift_JIS or UTF-8, or bytes that do not decode under the declared one. */
  REQUEST_ENCODING: '要求ファイルの文字コードが不正です (unsupported or wrong character encoding)',
  /** The request names another 医療機関コード than this terminal's. */
  REQUEST_FACILITY_MISMATCH: '医療機関コードが端末の設定と一致しません (医療機関コード is not this facility\'s)',
  /** The central system could not be reached (the coded outage answer, when so configured). */
  CENTRAL_UNAVAILABLE: 'オンライン資格確認等システムに接続できません (central system unavailable)',
  CENTRAL_TIMEOUT: 'オンライン資格確認等システムの応答がありません (no answer from the central system in time)',
  /** The central system refused without a code of its own. */
  CENTRAL_REFUSED: 'オンライン資格確認等システムが要求を拒否しました (the central system refused the request)',
  CENTRAL_MALFORMED_ANSWER: 'オンライン資格確認等システムの応答を読めません (the central system\'s answer cannot be read)',
  CENTRAL_AUTH_FAILED: '医療機関の認証に失敗しました。管理者に連絡してください (the facility\'s credentials were refused)',
} as const;

export type FolderErrorCode = keyof typeof FOLDER_ERRORS;

/**
 * Messages for the central system's own refusal codes that reach a レセコン through this interface
 * (consent, 閲覧停止, person lookups, 一括照会); any other central code gets CENTRAL_REFUSED's message.
 */
const CENTRAL_REFUSAL_MESSAGES: Readonly<Record<string, string>> = {
  NO_CONSENT: '閲覧同意がありません、または有効期限切れです (no consent in force)',
  VIEWING_BLOCKED: '閲覧停止中のため提供できません (viewing blocked for this person)',
  PERSON_NOT_FOUND: '該当する被保険者がありません (no matching insured person)',
  MULTIPLE_PERSONS: '複数の被保険者が該当しました (several insured persons matched)',
  RECEPTION_NOT_FOUND: '受付番号が見つかりません (unknown ReceptionNumber)',
  TOO_MANY_OPEN_RECEPTIONS: '処理中の一括照会が上限に達しています (too many 一括照会 receptions not yet collected)',
  INVALID_VALUE: '項目の値が不正です (an element has an invalid value)',
  MISSING_ELEMENT: '必須項目がありません (a required element is missing)',
};

/** What goes into ErrorCode and ErrorMessage. */
export interface CodedError {
  readonly code: string;
  readonly message: string;
}

/** Overrides of the written ErrorCode per code of ours (a setting: the real list is unpublished). */
export type ErrorCodeMap = Readonly<Partial<Record<FolderErrorCode, string>>>;

export function folderError(code: FolderErrorCode, map: ErrorCodeMap = {}): CodedError {
  return { code: map[code] ?? code, message: FOLDER_ERRORS[code] };
}

/**
 * A failed central call as the envelope's code: a refusal keeps the central system's own ErrorCode
 * (NO_CONSENT stays NO_CONSENT); an outage, a rejected facility credential or an unreadable answer is
 * the failure's code (CENTRAL_UNAVAILABLE, …), whatever the central system said beside it.
 */
export function centralFailureError(failure: Pick<CentralFailure, 'code' | 'centralCode' | 'outage'>, map: ErrorCodeMap = {}): CodedError {
  const central = failure.centralCode;
  if (failure.code === 'CENTRAL_REFUSED' && !failure.outage && central !== undefined && /^[A-Z][A-Z0-9_]{0,63}$/.test(central)) {
    return { code: central, message: CENTRAL_REFUSAL_MESSAGES[central] ?? FOLDER_ERRORS.CENTRAL_REFUSED };
  }
  return folderError(failure.code, map);
}
