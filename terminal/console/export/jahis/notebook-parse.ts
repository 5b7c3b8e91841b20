import { FIELD_SEPARATOR } from './notebook-csv';
import { RECORD, type Notebook, type NotebookDispensing, type NotebookDrug, type NotebookInstitution, type NotebookPatient, type NotebookRp, type NotebookUsage } from './notebook-records';

/**
 * Reads one whole お薬手帳 CSV document (already joined if it was split) back into the records the
 * console writes. Records it does not write (15, 55, 281, 401, …) are counted, not kept; a record out
 * of place (a 201 before any 5) is an error, as is a document not starting with the version record.
 */
export interface ParsedNotebook {
  readonly version: string;
  readonly outputCategory: string;
  readonly notebook: Notebook;
  readonly otherRecords: readonly string[];
}

export class NotebookParseError extends Error {
  constructor(
    readonly code: 'NO_VERSION' | 'NO_PATIENT' | 'OUT_OF_PLACE' | 'BAD_RP',
    message: string,
  ) {
    super(message);
    this.name = 'NotebookParseError';
  }
}

interface RpDraft {
  rpNumber: number;
  drugs: NotebookDrug[];
  usage?: Omit<NotebookUsage, 'supplements'>;
  supplements: string[];
}

interface DispensingDraft {
  date: string;
  institution?: NotebookInstitution;
  prescriber?: NotebookInstitution;
  rps: RpDraft[];
}

export function parseNotebookCsv(text: string): ParsedNotebook {
  const lines = text.split(/\r\n|\n/).filter((line) => line !== '');
  const [versionLine, ...records] = lines;
  const [version, outputCategory] = (versionLine ?? '').split(FIELD_SEPARATOR);
  if (version === undefined || !/^JAHISTC\d{2}$/.test(version)) throw new NotebookParseError('NO_VERSION', `not a JAHIS document: ${versionLine ?? ''}`);

  let patient: NotebookPatient | undefined;
  const dispensings: DispensingDraft[] = [];
  const otherRecords: string[] = [];
  const current = (recordNumber: string) => {
    const dispensing = dispensings.at(-1);
    if (dispensing === undefined) throw new NotebookParseError('OUT_OF_PLACE', `record ${recordNumber} before any 調剤等年月日 (5)`);
    return dispensing;
  };
  const rpOf = (recordNumber: string, field: string) => {
    const rpNumber = Number(field);
    if (!Number.isInteger(rpNumber) || rpNumber < 1) throw new NotebookParseError('BAD_RP', `record ${recordNumber} with RP番号 ${JSON.stringify(field)}`);
    const dispensing = current(recordNumber);
    let rp = dispensing.rps.find((candidate) => candidate.rpNumber === rpNumber);
    if (rp === undefined) dispensing.rps.push((rp = { rpNumber, drugs: [], supplements: [] }));
    return rp;
  };

  for (const line of records) {
    const [recordNumber = '', ...f] = line.split(FIELD_SEPARATOR);
    const at = (index: number) => f[index - 1] ?? '';
    switch (recordNumber) {
      case RECORD.patient:
        patient = { name: at(1), sex: at(2), birthDate: at(3), ...optional('kanaName', at(10)) };
        break;
      case RECORD.dispensingDate:
        dispensings.push({ date: at(1), rps: [] });
        break;
      case RECORD.dispensingInstitution:
        current(recordNumber).institution = institutionOf(at(1), at(2), at(3), at(4));
        break;
      case RECORD.prescribingInstitution:
        current(recordNumber).prescriber = institutionOf(at(1), at(2), at(3), at(4));
        break;
      case RECORD.drug:
        rpOf(recordNumber, at(1)).drugs.push({ name: at(2), ...optional('dose', at(3)), ...optional('unit', at(4)), codeType: at(5), ...optional('code', at(6)) });
        break;
      case RECORD.usage:
        rpOf(recordNumber, at(1)).usage = { ...optional('name', at(2)), ...optional('quantity', at(3)), ...optional('unit', at(4)), ...optional('dosageForm', at(5)), codeType: at(6) };
        break;
      case RECORD.usageSupplement:
        rpOf(recordNumber, at(1)).supplements.push(at(2));
        break;
      default:
        otherRecords.push(recordNumber);
    }
  }
  if (patient === undefined) throw new NotebookParseError('NO_PATIENT', 'no 患者情報レコード (1)');

  return {
    version,
    outputCategory: outputCategory ?? '',
    notebook: {
      patient,
      dispensings: dispensings.map(
        (dispensing): NotebookDispensing => ({
          date: dispensing.date,
          institution: dispensing.institution ?? { name: '' },
          ...(dispensing.prescriber === undefined ? {} : { prescriber: dispensing.prescriber }),
          rps: dispensing.rps.map(
            (rp): NotebookRp => ({ rpNumber: rp.rpNumber, drugs: rp.drugs, usage: { ...(rp.usage ?? { codeType: '' }), supplements: rp.supplements } }),
          ),
        }),
      ),
    },
    otherRecords,
  };
}

function institutionOf(name: string, prefecture: string, scoreTable: string, code: string): NotebookInstitution {
  return { name, ...optional('prefecture', prefecture), ...optional('scoreTable', scoreTable), ...optional('code', code) };
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}
