import { OqsError } from '../errors';

/** A code table: code → Japanese label, exactly as the 業務コード仕様 (or its public reconstruction) lists. */
export type CodeTable<Code extends string = string> = Readonly<Record<Code, string>>;

export function isCodeOf<Code extends string>(table: CodeTable<Code>, value: string): value is Code {
  return Object.hasOwn(table, value);
}

/** The label for `code`, or an UNKNOWN_CODE error naming the table. */
export function labelOf<Code extends string>(table: CodeTable<Code>, tableName: string, code: string): string {
  if (!isCodeOf(table, code)) {
    throw new OqsError('UNKNOWN_CODE', `${JSON.stringify(code)} is not a code of ${tableName}`);
  }
  return table[code];
}

export function codesOf<Code extends string>(table: CodeTable<Code>): readonly Code[] {
  return Object.keys(table) as Code[];
}
