/**
 * The names of the レセコン folder interface (oqs-interface.md §2.1, §2.2): a request
 * `<prefix>req[_<id>].xml` dropped into Req is answered in Res under `<prefix>res[_<id>].xml`.
 *
 * The grammar `<system><si|mu><business><step>` of the prefix is inferred, so any run of letters and
 * digits before `req` counts as a prefix: a prefix this terminal does not serve still gets its coded
 * error response under the response name, rather than silence.
 */

/** The request families of §6 this terminal answers. */
export type RequestFamily = 'qualification' | 'bulk-upload' | 'bulk-result' | 'reference-number' | 'drug-info' | 'checkup';

export const FAMILY_OF_PREFIX: Readonly<Record<string, RequestFamily>> = {
  OQSsiquc01: 'qualification', // 個別照会 (§6.1)
  OQSmuquc01: 'bulk-upload', // 一括照会 upload (§6.3)
  OQSmuquc02: 'bulk-result', // 一括照会 result (§6.3)
  OQSsiimm01: 'reference-number', // 照会番号登録 (§6.4)
  YZKsiquc01: 'drug-info', // 薬剤情報・診療情報 (§6.5)
  TKKsiquc01: 'checkup', // 特定健診情報 (§6.6)
};

export type RequestName =
  | { readonly kind: 'request'; readonly family: RequestFamily; readonly prefix: string; readonly responseName: string }
  | { readonly kind: 'unknown-family'; readonly prefix: string; readonly responseName: string }
  /** Not a request: a temporary file of a writer (leading `.` or `~`, `.tmp`, `.part`), or no request name at all. */
  | { readonly kind: 'not-a-request'; readonly temporary: boolean };

/** `<prefix>req`, then `_<id>` or nothing, then `.xml` in any case; the id is free text without path separators. */
const REQUEST_NAME = /^([A-Za-z0-9]{1,40})req((?:_[^/\\]*)?\.xml)$/i;
/** What writers and this terminal use for files still being written. */
const TEMPORARY_NAME = /^[.~]|\.(tmp|temp|part|partial|crdownload|swp)$/i;

/** Longest name accepted: file systems allow 255 bytes, and the response name has the same length. */
export const MAX_NAME_BYTES = 255;

export function parseRequestName(name: string): RequestName {
  if (TEMPORARY_NAME.test(name)) return { kind: 'not-a-request', temporary: true };
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return { kind: 'not-a-request', temporary: false };
  const match = REQUEST_NAME.exec(name);
  if (match === null) return { kind: 'not-a-request', temporary: false };
  const prefix = match[1]!;
  const responseName = `${prefix}res${match[2]!}`;
  const family = FAMILY_OF_PREFIX[prefix];
  return family === undefined ? { kind: 'unknown-family', prefix, responseName } : { kind: 'request', family, prefix, responseName };
}

/** `<prefix>res[_<id>].xml`: what this terminal writes into Res (and what retention may clear there). */
const RESPONSE_NAME = /^[A-Za-z0-9]{1,40}res(?:_[^/\\]*)?\.xml$/i;

export function isResponseName(name: string): boolean {
  return !TEMPORARY_NAME.test(name) && RESPONSE_NAME.test(name);
}
