import { createHash } from 'node:crypto';
import { appendAudit } from './audit-log';
import type { AuditDetail } from './audit-encoding';
import { StoreError } from './errors';
import { requireIdentifier, requireTime } from './input-checks';
import type { SqliteDatabase } from './sqlite-driver';
import { writeTransaction } from './write-transaction';

/** One saved version of the facility settings, as stored: the document is the console's JSON, unread here. */
export interface StoredFacilitySettings {
  readonly version: number;
  readonly savedAt: string;
  readonly savedBy: string;
  readonly document: string;
  /** Whether the document still has the SHA-256 written beside it (false: the file was edited by hand). */
  readonly intact: boolean;
}

export interface FacilitySettingsSave {
  /** The version the administrator edited; a save over a newer one is refused (SETTINGS_CONFLICT). 0: none yet. */
  readonly baseVersion: number;
  readonly document: string;
  /** The staff account's login name. */
  readonly savedBy: string;
  readonly at: Date;
  /** What changed, as the audit row's detail (codes and flags only). */
  readonly changes: AuditDetail;
}

const MAX_DOCUMENT_LENGTH = 65_536;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Mechanism only (migration 005): which settings exist and what they mean is the terminal's business
 * (terminal/settings). Every save is one transaction with its SETTINGS_CHANGED audit row.
 */
export class SqliteFacilitySettingsStore {
  constructor(private readonly db: SqliteDatabase) {}

  latest(): StoredFacilitySettings | undefined {
    const row = this.db
      .prepare('SELECT version, saved_at AS savedAt, saved_by AS savedBy, settings_json AS document, settings_sha256 AS sha FROM facility_settings ORDER BY version DESC LIMIT 1')
      .get() as { version: number; savedAt: string; savedBy: string; document: string; sha: string } | undefined;
    if (row === undefined) return undefined;
    // Intact: the document still has the checksum beside it, and that checksum is the one the hash-chained
    // audit row of its save carries (a hand edit that recomputes the first cannot change the second unseen).
    const audited = this.db
      .prepare("SELECT detail_json AS detail FROM audit_log WHERE event = 'SETTINGS_CHANGED' AND json_extract(detail_json, '$.version') = ? ORDER BY id DESC LIMIT 1")
      .get(row.version) as { detail: string } | undefined;
    const auditedSha = audited === undefined ? undefined : (JSON.parse(audited.detail) as { checksum?: unknown }).checksum;
    const sha = sha256(row.document);
    return { version: row.version, savedAt: row.savedAt, savedBy: row.savedBy, document: row.document, intact: sha === row.sha && auditedSha === sha.toUpperCase() };
  }

  /** Saves the next version; refused when someone saved since `baseVersion`. Returns the stored version. */
  save(save: FacilitySettingsSave): StoredFacilitySettings {
    const savedBy = requireIdentifier(save.savedBy, 'savedBy');
    const savedAt = requireTime(save.at, 'at');
    if (typeof save.document !== 'string' || save.document.length < 2 || save.document.length > MAX_DOCUMENT_LENGTH) {
      throw new StoreError('INVALID_INPUT', `the settings document must be 2 to ${MAX_DOCUMENT_LENGTH} characters`);
    }
    if (!Number.isInteger(save.baseVersion) || save.baseVersion < 0) throw new StoreError('INVALID_INPUT', 'baseVersion must be a whole number ≥ 0');
    return writeTransaction(this.db, () => {
      const current = (this.db.prepare('SELECT max(version) AS version FROM facility_settings').get() as { version: number | null }).version ?? 0;
      if (current !== save.baseVersion) {
        throw new StoreError('SETTINGS_CONFLICT', `settings version ${current} was saved after version ${save.baseVersion} was read`);
      }
      const version = current + 1;
      const sha = sha256(save.document);
      this.db
        .prepare('INSERT INTO facility_settings (version, saved_at, saved_by, settings_json, settings_sha256) VALUES (?, ?, ?, ?, ?)')
        .run(version, savedAt, savedBy, save.document, sha);
      // The checksum goes into the chain too (upper case: the audit detail takes codes).
      appendAudit(this.db, { at: save.at, actor: { kind: 'staff', id: savedBy }, event: 'SETTINGS_CHANGED', detail: { ...save.changes, version, checksum: sha.toUpperCase() } });
      return { version, savedAt, savedBy, document: save.document, intact: true };
    });
  }
}
