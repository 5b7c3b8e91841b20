/**
 * Shift_JIS (WHATWG `shift_jis`, i.e. Windows-31J) encoding table, built by inverting the platform's
 * TextDecoder over every one- and two-byte code, so that what we write decodes back exactly.
 * Built lazily once per process and frozen: an immutable cache, not shared mutable state.
 */
let table: ReadonlyMap<number, Uint8Array> | undefined;

const SINGLE_BYTE_CODES = { from: 0x00, to: 0xff };
const LEAD_BYTES: readonly number[] = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
const TRAIL_BYTES: readonly number[] = [...range(0x40, 0x7e), ...range(0x80, 0xfc)];
// NEC-selected IBM extensions duplicate the IBM extensions in FA–FC; Windows and WHATWG encode to FA–FC.
const DUPLICATE_LEADS = new Set([0xed, 0xee]);

export function shiftJisTable(): ReadonlyMap<number, Uint8Array> {
  table ??= buildTable();
  return table;
}

function buildTable(): ReadonlyMap<number, Uint8Array> {
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  const map = new Map<number, Uint8Array>();
  const add = (bytes: Uint8Array): void => {
    const codePoint = decodeOne(decoder, bytes);
    // Private-use code points are 外字 (user-defined area F0–F9): facility-specific, so never written.
    if (codePoint === undefined || (codePoint >= 0xe000 && codePoint <= 0xf8ff)) return;
    if (!map.has(codePoint)) map.set(codePoint, bytes);
  };
  for (let byte = SINGLE_BYTE_CODES.from; byte <= SINGLE_BYTE_CODES.to; byte += 1) add(Uint8Array.of(byte));
  for (const pass of [false, true]) {
    for (const lead of LEAD_BYTES) {
      if (DUPLICATE_LEADS.has(lead) !== pass) continue;
      for (const trail of TRAIL_BYTES) add(Uint8Array.of(lead, trail));
    }
  }
  return map;
}

function decodeOne(decoder: { decode(bytes: Uint8Array): string }, bytes: Uint8Array): number | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  const codePoint = text.codePointAt(0);
  if (codePoint === undefined || String.fromCodePoint(codePoint) !== text || codePoint === 0xfffd) return undefined;
  return codePoint;
}

function* range(from: number, to: number): Generator<number> {
  for (let value = from; value <= to; value += 1) yield value;
}
