import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as pkijs from 'pkijs';
import {
  isCaByBasicConstraints,
  KEY_USAGE,
  keyUsageBits,
  nameKey,
  organizationalUnits,
  publicKeySha1,
  serialHex,
  subjectKeyId,
} from './certificate-fields';
import { parseCertificate } from './der';
import { failure } from './result-codes';
import type { VerificationFailure } from './result-codes';

/**
 * The trust anchors: every generation of the JPKI-like CAs (self-signed, single tier). Loaded from a
 * folder named in config, never bundled by import, so a new generation is a file drop, not a release.
 * Generations share one DN; a leaf's authorityKeyIdentifier picks the generation.
 */
export type AnchorKind = 'user-auth' | 'signing' | 'other';

export interface TrustAnchor {
  certificate: pkijs.Certificate;
  der: Uint8Array;
  kind: AnchorKind;
  /** The JST calendar day its validity starts, YYYY-MM-DD: the generation's name (card.md §6). */
  generation: string;
  serialNumberHex: string;
  keyId: string;
  publicKeySha1: string;
  notBefore: Date;
  notAfter: Date;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const CERTIFICATE_FILE = /(^certificate\.der$|\.(cer|crt)$)/i;

function anchorKind(certificate: pkijs.Certificate): AnchorKind {
  const units = organizationalUnits(certificate.subject);
  if (units.includes('JPKI for user authentication')) return 'user-auth';
  if (units.includes('JPKI for digital signature')) return 'signing';
  return 'other';
}

export class TrustStore {
  private readonly byName = new Map<string, TrustAnchor[]>();

  constructor(readonly anchors: ReadonlyArray<TrustAnchor>) {
    for (const anchor of anchors) {
      const key = nameKey(anchor.certificate.subject);
      this.byName.set(key, [...(this.byName.get(key) ?? []), anchor]);
    }
  }

  /** Every generation whose DN is this issuer name, newest first. */
  candidatesFor(issuer: pkijs.RelativeDistinguishedNames): TrustAnchor[] {
    return [...(this.byName.get(nameKey(issuer)) ?? [])].sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime());
  }

  generations(kind: AnchorKind): TrustAnchor[] {
    return this.anchors.filter((anchor) => anchor.kind === kind);
  }
}

/** Checks one anchor: parses, self-issued, cA, keyCertSign, self-signature valid. */
export async function toTrustAnchor(der: Uint8Array, engine: pkijs.CryptoEngine): Promise<{ ok: true; anchor: TrustAnchor } | VerificationFailure> {
  const parsed = parseCertificate(der);
  if (!parsed.ok) return parsed;
  const certificate = parsed.value;
  try {
    if (nameKey(certificate.subject) !== nameKey(certificate.issuer)) return failure('NOT_A_CA', 'trust anchor is not self-issued');
    if (!isCaByBasicConstraints(certificate)) return failure('NOT_A_CA', 'trust anchor lacks basicConstraints cA');
    const usage = keyUsageBits(certificate);
    if (usage !== undefined && !usage.has(KEY_USAGE.keyCertSign)) return failure('NOT_A_CA', 'trust anchor lacks keyCertSign');
    if (!(await certificate.verify(undefined, engine))) return failure('SIGNATURE_INVALID', 'trust anchor self-signature does not verify');
    const notBefore = certificate.notBefore.value;
    return {
      ok: true,
      anchor: {
        certificate,
        der,
        kind: anchorKind(certificate),
        generation: new Date(notBefore.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10),
        serialNumberHex: serialHex(certificate),
        keyId: subjectKeyId(certificate),
        publicKeySha1: publicKeySha1(certificate),
        notBefore,
        notAfter: certificate.notAfter.value,
      },
    };
  } catch (error) {
    return failure('CERT_MALFORMED', `trust anchor: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}`);
  }
}

async function certificateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return certificateFiles(path);
      return entry.isFile() && CERTIFICATE_FILE.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

/**
 * Reads every `certificate.der`, `*.cer` and `*.crt` (DER) under `dir`, recursively (the mock-CA
 * layout `ca/<kind>/<generation>/certificate.der` fits). One bad anchor fails the whole load: a
 * half-loaded trust store would turn into confusing ISSUER_UNKNOWN results later.
 */
export async function loadTrustStore(dir: string, engine: pkijs.CryptoEngine): Promise<{ ok: true; store: TrustStore } | VerificationFailure> {
  let files: string[];
  try {
    files = await certificateFiles(dir);
  } catch {
    return failure('ISSUER_UNKNOWN', 'trust store folder cannot be read');
  }
  if (files.length === 0) return failure('ISSUER_UNKNOWN', 'trust store folder holds no certificates');
  const anchors: TrustAnchor[] = [];
  for (const file of files) {
    const result = await toTrustAnchor(new Uint8Array(await readFile(file)), engine);
    if (!result.ok) return { ...result, detail: `${file}: ${result.detail}` };
    anchors.push(result.anchor);
  }
  return { ok: true, store: new TrustStore(anchors) };
}
