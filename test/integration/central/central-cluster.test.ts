import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFacilityPki, readTestPki, type FacilityPki, type TestPki } from '../../../crypto/mock-ca';
import { CentralClient } from '../../harness/central-client';
import { cardSearchBody, fetchCardChallenge, presenceSignerFor } from '../../harness/card-presence';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

const CLINIC = '1399999999';
const PATHS = { card: '/oqs-api-pro/mock/card/search', bulkUpload: '/oqs-api-pro/mock/bulk/upload', bulkResult: '/oqs-api-pro/mock/bulk/result' };
const KEYS = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' };
const HOLDERS = ['shiken-taro', 'yakushi-taro', 'morita-kenji', 'sankino-taro'];

interface Served {
  child: ChildProcess;
  lines: Interface;
  started: { url: string; serverPids: number[]; facilityPki: string };
  /** Resolves with the next JSON line the primary prints that satisfies `test`. */
  next(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/**
 * `central serve` as several processes over one store, as a real child process group: a worker killed
 * mid-load is replaced and loses no acknowledged write; the whole group killed mid-load comes back with
 * every acknowledged write there, nothing half-written, and a live token still good.
 */
describe('central serve --workers 2: crashes lose no acknowledged write', () => {
  let dir: TempDir;
  let cards: TestPki;
  let facilities: FacilityPki;
  const children: ChildProcess[] = [];

  const serve = async (): Promise<Served> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'central/cli/central.ts', 'serve', '--data', dir.path, '--port', '0', '--workers', '2'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    const waiting: Array<{ test: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
    const first = new Promise<Record<string, unknown>>((resolve) => waiting.push({ test: () => true, resolve }));
    lines.on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      const index = waiting.findIndex((entry) => entry.test(line));
      if (index >= 0) waiting.splice(index, 1)[0]!.resolve(line);
    });
    const started = (await first) as Served['started'] & { ok: boolean };
    expect(started.ok).toBe(true);
    return { child, lines, started, next: (test) => new Promise((resolve) => waiting.push({ test, resolve })) };
  };

  const killGroup = async (served: Served) => {
    const exited = once(served.child, 'exit');
    process.kill(-served.child.pid!, 'SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    dir = await makeTempDir('oqs-central-cluster-');
    cards = await readTestPki('fixtures/pki');
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await dir?.remove();
  });

  it('replaces a killed worker and, killed whole, restarts with every acknowledged write and a live token', async () => {
    let served = await serve();
    facilities = await readFacilityPki(served.started.facilityPki);
    let client = CentralClient.forFacility(served.started.url, facilities, CLINIC);
    expect((await client.login()).status).toBe(200);
    const token = client.token!;

    const acknowledged = { receptions: [] as string[], cards: 0 };
    let attempts = 0;
    /** One write: a proven card request with a consent, or a 一括照会 upload; counted only when answered 200. */
    const write = async (round: number) => {
      attempts += 1;
      try {
        if (round % 2 === 0) {
          const holderId = HOLDERS[round % HOLDERS.length]!;
          const challenge = await fetchCardChallenge(client);
          const body = cardSearchBody({ facility: CLINIC, certificateDer: cards.holders[holderId]!.userAuth.certificate, method: '1', consent: { PharmaceuticalInfoConsFlg: '1' } }, challenge, presenceSignerFor('1', holderId, cards, facilities, CLINIC));
          const reply = await client.postJson(PATHS.card, body);
          if (reply.status === 200 && reply.json.XmlMsg.MessageBody.ProcessingResultStatus === '1') acknowledged.cards += 1;
        } else {
          const reply = await client.postJson(PATHS.bulkUpload, { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: [KEYS] } } });
          if (reply.status === 200) acknowledged.receptions.push(reply.json.XmlMsg.MessageBody.ReceptionNumber);
        }
      } catch {
        // A connection cut by the kill: not acknowledged, so nothing is promised for it.
      }
    };
    const writeUntil = async (done: () => boolean) => {
      for (let round = 0; !done() && round < 400; round += 1) await Promise.all([write(round), write(round + 1)]);
    };

    await writeUntil(() => acknowledged.cards + acknowledged.receptions.length >= 20);
    const victim = served.started.serverPids[0]!;
    const replaced = served.next((line) => line['event'] === 'worker-replaced');
    process.kill(victim, 'SIGKILL');
    const before = acknowledged.cards + acknowledged.receptions.length;
    // Keep writing through the loss until a replacement serves, and some more after it.
    let replacedEvent: Record<string, unknown> | undefined;
    void replaced.then((event) => (replacedEvent = event));
    await writeUntil(() => replacedEvent !== undefined);
    expect(replacedEvent).toMatchObject({ deadPid: victim, signal: 'SIGKILL' });
    await writeUntil(() => acknowledged.cards + acknowledged.receptions.length >= before + 20);

    // Now the whole group, mid-load.
    const inFlight = Promise.all([write(0), write(1), write(2), write(3)]);
    await killGroup(served);
    await inFlight;
    client.close();
    expect(attempts).toBeLessThan(2000);

    const db = new Database(`${dir.path}/central.sqlite`, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const stored = new Set((db.prepare('SELECT reception_number AS n FROM bulk_receptions').all() as Array<{ n: string }>).map((row) => row.n));
      for (const number of acknowledged.receptions) expect(stored.has(number), number).toBe(true);
      const cardProvisions = (db.prepare("SELECT count(*) AS n FROM provisions WHERE operation = 'qualification-by-card'").get() as { n: number }).n;
      expect(cardProvisions).toBeGreaterThanOrEqual(acknowledged.cards);
      // No provision without its data categories, no consent group cut in half.
      expect(db.prepare('SELECT count(*) AS n FROM provisions p WHERE NOT EXISTS (SELECT 1 FROM provision_data_categories c WHERE c.provision_id = p.provision_id)').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }

    served = await serve();
    client = CentralClient.forFacility(served.started.url, facilities, CLINIC);
    client.token = token;
    for (const number of acknowledged.receptions) {
      const reply = await client.postJson(PATHS.bulkResult, { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { ReceptionNumber: number } } });
      expect(reply.status, number).toBe(200);
    }
    client.close();
    const stopped = once(served.child, 'exit');
    served.child.kill('SIGTERM');
    await stopped;
    expect(acknowledged.cards).toBeGreaterThan(0);
    expect(acknowledged.receptions.length).toBeGreaterThan(0);
  }, 120_000);
});
