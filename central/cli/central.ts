import { join } from 'node:path';
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
const USAGE = 'usage: central serve [--data <dir>] [--port <n>] [--persons <dir>] [--pki <dir>] [--faults <file>] | central seed --db <file>';

export const HELP = `central — the mock オンライン資格確認等システム (mutual TLS on 127.0.0.1)

  central serve [options]     start it; prints one JSON line (URL, admin token, certificates); Ctrl-C stops
    --data <dir>              store and facility PKI, made on first start (default data/central)
    --port <n>                0 for a free port (default 8443)
    --persons <dir>           fixture people to seed (default fixtures/persons)
    --pki <dir>               the JPKI-like test PKI of the cards (default fixtures/pki)
    --faults <file.json>      fault injection to start with (seeded; see central/README.md)
  central seed --db <file>    load the fixture people into a store
  central --help              this text`;

export async function runServeCommand(args: ReadonlyArray<string>, output: { stdout: (line: string) => void; stderr: (line: string) => void }): Promise<{ exitCode: number; stop?: () => Promise<void> }> {
  let values: { data: string; port: string; persons: string; pki: string; faults?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...args],
      options: {
        data: { type: 'string', default: 'data/central' },
        port: { type: 'string', default: '8443' },
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
  try {
    const faults = values.faults === undefined ? undefined : await loadFaultConfigFile(values.faults);
    const stack = await startCentralStack({
      dataDir: values.data,
      personsDir: values.persons,
      pkiDir: values.pki,
      port,
      ...(faults === undefined ? {} : { faults }),
    });
    output.stdout(
      JSON.stringify({
        ok: true,
        url: stack.server.url,
        adminToken: stack.server.adminToken,
        openApi: `${stack.server.url}/openapi.json`,
        jlis: stack.jlis.url,
        facilityPki: stack.facilityPkiDir,
        caCertificate: join(stack.facilityPkiDir, 'ca.pem'),
        facilities: stack.facilityPki.facilities.map((facility) => ({
          medicalInstitutionCode: facility.medicalInstitutionCode,
          name: facility.name,
          revoked: facility.revoked,
          certificate: join(stack.facilityPkiDir, 'facilities', facility.medicalInstitutionCode, 'certificate.pem'),
          privateKey: join(stack.facilityPkiDir, 'facilities', facility.medicalInstitutionCode, 'private-key.pem'),
        })),
      }),
    );
    return { exitCode: 0, stop: () => stack.stop() };
  } catch (error) {
    const code = isFaultConfigError(error) ? error.code : 'START_FAILED';
    output.stderr(JSON.stringify({ ok: false, code, message: error instanceof Error ? error.message : String(error) }));
    return { exitCode: 1 };
  }
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
