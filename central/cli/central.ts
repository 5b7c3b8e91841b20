import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FacilityPki } from '../../crypto/mock-ca';
import { startCentralCluster } from '../cluster/central-cluster';
import { parseArgs } from 'node:util';
import { invokedDirectly } from './invoked-directly';
import { startCentralStack } from '../central-stack';
import { isFaultConfigError, loadFaultConfigFile } from '../faults';
import { runSeedCommand } from './seed';

/**
 * `central serve [--data data/central] [--port 8443] [--faults <file.json>]` starts the mock central
 * system on 127.0.0.1 from one folder (SQLite store, facility PKI; both made on first start) and prints
 * one JSON line with its URL, the admin token and where the facility certificates are.
 * `central seed --db <file>` loads the fixture people into a store (see seed.ts).
 */
const USAGE = 'usage: central serve [--data <dir>] [--port <n>] [--workers <n>] [--persons <dir>] [--pki <dir>] [--faults <file>] | central seed --db <file>';

export const HELP = `central — the mock オンライン資格確認等システム (mutual TLS on 127.0.0.1)

  central serve [options]     start it; prints one JSON line (URL, admin token, certificates); Ctrl-C stops
    --data <dir>              store and facility PKI, made on first start (default data/central)
    --port <n>                0 for a free port (default 8443)
    --workers <n>             server processes over the one store (default: one per core; 1: a single process)
    --persons <dir>           fixture people to seed (default fixtures/persons)
    --pki <dir>               the mock CA's JPKI of the cards (default fixtures/pki)
    --faults <file.json>      fault injection to start with (seeded; see central/README.md)
  central seed --db <file>    load the fixture people into a store
  central --help              this text`;

export async function runServeCommand(args: ReadonlyArray<string>, output: { stdout: (line: string) => void; stderr: (line: string) => void }): Promise<{ exitCode: number; stop?: () => Promise<void> }> {
  let values: { data: string; port: string; workers: string; persons: string; pki: string; faults?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...args],
      options: {
        data: { type: 'string', default: 'data/central' },
        port: { type: 'string', default: '8443' },
        workers: { type: 'string', default: String(availableParallelism()) },
        persons: { type: 'string', default: 'fixtures/persons' },
        pki: { type: 'string', default: 'fixtures/pki' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    output.stderr(JSON.stringify({ ok: false, code: 'USAGE', message: `${error instanceof Error ? error.message : String(error)}; ${USAGE}` }));
    return { exitCode: 2 };
  }
  if (values.help === true) {
    output.stdout(HELP);
    return { exitCode: 0 };
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    output.stderr(JSON.stringify({ ok: false, code: 'USAGE', message: `--port must be 0–65535; ${USAGE}` }));
    return { exitCode: 2 };
  }
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    output.stderr(JSON.stringify({ ok: false, code: 'USAGE', message: `--workers must be 1–64; ${USAGE}` }));
    return { exitCode: 2 };
  }
  try {
    const faults = values.faults === undefined ? undefined : await loadFaultConfigFile(values.faults);
    const common = { dataDir: values.data, personsDir: values.persons, pkiDir: values.pki, port, ...(faults === undefined ? {} : { faults }) };
    if (workers === 1) {
      const stack = await startCentralStack(common);
      output.stdout(startedLine({ url: stack.server.url, adminToken: stack.server.adminToken, jlisUrl: stack.jlis.url, facilityPki: stack.facilityPki, facilityPkiDir: stack.facilityPkiDir, pids: [process.pid] }));
      return { exitCode: 0, stop: () => stack.stop() };
    }
    const started = await startCentralCluster({
      ...common,
      workers,
      onWorkerReplaced: (event) => output.stdout(JSON.stringify({ event: 'worker-replaced', ...event })),
    });
    output.stdout(startedLine({ url: started.url, adminToken: started.adminToken, jlisUrl: started.jlis.url, facilityPki: started.facilityPki, facilityPkiDir: started.facilityPkiDir, pids: started.workerPids() }));
    return { exitCode: 0, stop: () => started.stop() };
  } catch (error) {
    const code = isFaultConfigError(error) ? error.code : 'START_FAILED';
    output.stderr(JSON.stringify({ ok: false, code, message: error instanceof Error ? error.message : String(error) }));
    return { exitCode: 1 };
  }
}

/** The one JSON line `serve` prints once it answers: where it is and where the facility certificates are. */
function startedLine(started: { url: string; adminToken: string; jlisUrl: string; facilityPki: FacilityPki; facilityPkiDir: string; pids: number[] }): string {
  return JSON.stringify({
    ok: true,
    url: started.url,
    adminToken: started.adminToken,
    openApi: `${started.url}/openapi.json`,
    jlis: started.jlisUrl,
    serverPids: started.pids,
    facilityPki: started.facilityPkiDir,
    caCertificate: join(started.facilityPkiDir, 'ca.pem'),
    facilities: started.facilityPki.facilities.map((facility) => ({
      medicalInstitutionCode: facility.medicalInstitutionCode,
      name: facility.name,
      revoked: facility.revoked,
      certificate: join(started.facilityPkiDir, 'facilities', facility.medicalInstitutionCode, 'certificate.pem'),
      privateKey: join(started.facilityPkiDir, 'facilities', facility.medicalInstitutionCode, 'private-key.pem'),
      readerCertificate: join(started.facilityPkiDir, 'facilities', facility.medicalInstitutionCode, 'reader', 'certificate.pem'),
      readerPrivateKey: join(started.facilityPkiDir, 'facilities', facility.medicalInstitutionCode, 'reader', 'private-key.pem'),
    })),
  });
}

if (invokedDirectly(import.meta.url)) {
  const output = { stdout: (line: string) => process.stdout.write(`${line}\n`), stderr: (line: string) => process.stderr.write(`${line}\n`) };
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h' || command === 'help') {
    output.stdout(HELP);
  } else if (command === 'seed') {
    process.exitCode = await runSeedCommand(rest, output);
  } else if (command === 'serve') {
    const started = await runServeCommand(rest, output);
    process.exitCode = started.exitCode;
    if (started.stop !== undefined) {
      const stop = started.stop;
      const shutdown = () => {
        process.off('SIGINT', shutdown);
        process.off('SIGTERM', shutdown);
        void stop().then(() => process.stderr.write('central: stopped\n'));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    }
  } else {
    output.stderr(JSON.stringify({ ok: false, code: 'USAGE', message: USAGE }));
    process.exitCode = 2;
  }
}
