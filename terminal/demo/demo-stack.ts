import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PrintedCardFields } from '../../device/card/collation-number';
import { sendControlRequest } from '../../device/virtual-card/control-client';
import { PrintedCardFront, printedFieldsOfCard } from '../../device/virtual-card/printed-card-front';
import { vpcdReaderName, type VpcdReaderIndex } from '../../device/virtual-card/virtual-card-slot';
import type { CardFront } from '../../flow/ports/card-front';
import { parseReceptionConfig, type ServerConfig } from '../config';
import { consoleKeysFor, ensureFirstAdministrator, openConsoleAuth, registerConsoleAuth, type FirstAdministrator } from '../console/auth';
import { buildReceptionApi } from '../http/reception-api';
import { serveStaticFiles } from '../http/static-files';
import { startReceptionTerminal } from '../reception-terminal';
import { startCentralProcess } from './central-process';
import { DemoCamera } from './demo-camera';
import { registerAuditRoutes } from '../console/audit-routes';
import { ConsoleLive } from '../console/console-live';
import { registerConsoleRoutes, type ConsoleStaff } from '../console/console-routes';
import type { FastifyRequest } from 'fastify';
import { registerInquiryRoutes, storeInquiryAudit } from '../console/inquiry';
import { loadExportFont, type ExportFont } from '../console/export';
import { registerMedicalRoutes } from '../console/medical-routes';
import { registerDemoRoutes } from './demo-routes';
import { ensureDemoPcscd } from './pcscd-daemon';
import { startVirtualCardProcess } from './virtual-card-process';

/** The demo's facility: 見本内科医院 of the central mock's demo facilities. */
export const DEMO_FACILITY = '1399999999';
const READERS: readonly VpcdReaderIndex[] = [0, 1];

export interface DemoStack {
  /** The first kiosk's page. */
  readonly kioskUrl: string;
  /** Every kiosk's page, one per virtual reader. */
  readonly kioskUrls: readonly string[];
  /** The demo panel: insert or pull a fixture person's card, choose who the fake camera shows. */
  readonly demoPanelUrl: string;
  /** The clip Chromium's fake camera plays, when the clips were made (see DemoCamera). */
  readonly cameraClip: string | undefined;
  readonly staffToken: string;
  /** The staff console's sign-in page. */
  readonly consoleUrl: string;
  /** On the first start only: the administrator made then, and its one-time password, to print once. */
  readonly firstAdministrator: FirstAdministrator;
  readonly controlSocket: string;
  readonly readersAvailable: boolean;
  stop(): Promise<void>;
}

/** What is printed on a fixture person's card front, from their fixture file (the demo's OCR). */
async function printedFieldsOf(personsDir: string, profileId: string): Promise<PrintedCardFields | undefined> {
  if (!/^[a-z0-9-]+$/.test(profileId)) return undefined;
  try {
    const person = JSON.parse(await readFile(join(personsDir, `${profileId}.json`), 'utf8')) as {
      birthDate: string;
      card: { expiryDate: string; collationNumberB: { securityCode: string } };
    };
    return printedFieldsOfCard(person.birthDate, person.card.expiryDate, person.card.collationNumberB.securityCode);
  } catch {
    return undefined;
  }
}

/**
 * `npm start`: the whole product on embedded defaults — pcscd with the two virtual readers, the
 * virtual card slots (driven by the virtual card CLI), the central mock in its own process, the
 * terminal with one kiosk per reader and the レセコン folders under data/oqs, and the kiosk and API on loopback.
 */
export async function startDemoStack(root: string, server: ServerConfig, dataDir = resolve(root, 'data')): Promise<DemoStack> {
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  try {
    const pcscd = await ensureDemoPcscd();
    stops.push(() => pcscd.stop());

    const central = await startCentralProcess(root, join(dataDir, 'central'));
    stops.push(() => central.stop());
    const facility = central.started.facilities.find((entry) => entry.medicalInstitutionCode === DEMO_FACILITY);
    if (facility === undefined) throw new Error(`the central mock has no facility ${DEMO_FACILITY}`);

    const cards = await startVirtualCardProcess(root, join(dataDir, 'virtual-card'));
    stops.push(() => cards.stop());
    const controlSocket = cards.controlSocket;

    const personsDir = join(root, 'fixtures/persons');
    const cardFronts = new Map<string, CardFront>(
      READERS.map((reader) => [
        `kiosk-${reader + 1}`,
        new PrintedCardFront(
          async () => {
            const status = await sendControlRequest(controlSocket, { command: 'status' });
            return status.ok && status.command === 'status' ? (status.readers.find((entry) => entry.reader === reader)?.profileId ?? undefined) : undefined;
          },
          (profileId) => printedFieldsOf(personsDir, profileId),
        ),
      ]),
    );

    await mkdir(join(dataDir, 'terminal'), { recursive: true });
    const config = parseReceptionConfig({
      facility: { medicalInstitutionCode: DEMO_FACILITY, name: '見本内科医院', consentCategories: ['pharmaceutical', 'specificHealthCheckups'], issuesElectronicPrescriptions: true },
      kiosks: READERS.map((reader) => ({ id: `kiosk-${reader + 1}`, readerName: vpcdReaderName(reader), cardFront: 'printed-fields', extendedLength: true })),
      central: {
        url: central.started.url,
        caCertificate: central.started.caCertificate,
        clientCertificate: facility.certificate,
        clientKey: facility.privateKey,
        readerCertificate: facility.readerCertificate,
        readerKey: facility.readerPrivateKey,
      },
      certificates: {
        trustStore: join(root, 'fixtures/pki/ca'),
        ocspUrl: `${central.started.jlis}/ocsp`,
        cardFacePublicKey: join(root, 'fixtures/pki/card-face/signer/public-key.spki.der'),
      },
      // The demo's camera clips perform a blink: every attempt asks for one (a facility's terminal
      // leaves this out, and the challenge is then unpredictable).
      face: { framesPerAttempt: 8, challengeSequence: ['blink'] },
      store: { file: join(dataDir, 'terminal', 'terminal.sqlite') },
      faceFolder: { path: join(dataDir, 'oqs', 'face'), encoding: 'Shift_JIS' },
      // The レセコン's folders beside it: data/oqs/req and res (archive/ and state/ are the terminal's own).
      receiptFolders: { root: join(dataDir, 'oqs') },
      languages: ['ja', 'en', 'zh', 'ko', 'vi'],
      timeouts: {},
    });
    const terminal = await startReceptionTerminal(config, { cardFronts });
    stops.push(() => terminal.stop());

    const staffToken = randomBytes(24).toString('base64url');
    const api = await buildReceptionApi({
      kiosks: terminal.kiosks,
      staff: { token: staffToken, account: 'demo-staff' },
      recordStaffAction: ({ kioskId, staffId, action, receptionId }) =>
        terminal.store.recordAccess({ at: new Date(), actor: { kind: 'staff', id: staffId }, action, kioskId, ...(receptionId === undefined ? {} : { receptionId }) }),
      staticFiles: serveStaticFiles(server.rendererDir),
    });
    // The staff console's accounts and sessions on the same app, and its reception routes behind them;
    // the bearer token above stays for scripts until the console has taken over every staff action.
    const consoleAuth = openConsoleAuth(config, terminal.consoleAccounts);
    const guards = await registerConsoleAuth(api, consoleAuth);
    // The account a guarded console request was signed in as (never taken from the request body).
    const staffOfSession = (request: FastifyRequest): ConsoleStaff => {
      const account = request.consoleSession!.account;
      return { id: account.login, role: account.role };
    };
    const live = new ConsoleLive({
      kiosks: [...terminal.kiosks.values()].map((kiosk) => kiosk.runtime),
      alerts: terminal.alerts,
      receptions: terminal.store,
      clock: terminal.clock,
      onAlert: (listener) => terminal.onAlert(listener),
    });
    stops.push(() => live.stop());
    await registerConsoleRoutes(api, {
      kiosks: terminal.kiosks,
      alerts: terminal.alerts,
      live,
      clock: terminal.clock,
      guard: (...roles) => guards.requireRole(...roles),
      staffOf: staffOfSession,
      sessionAlive: (request) => request.consoleSession !== null && consoleAuth.auth.isAlive(request.consoleSession.sessionHash),
      audit: ({ staffId, action, kioskId, receptionId }) =>
        terminal.store.recordAccess({ at: terminal.clock.now(), actor: { kind: 'staff', id: staffId }, action, kioskId, ...(receptionId === undefined ? {} : { receptionId }) }),
    });
    const fontOnce: { font?: ExportFont } = {};
    await registerMedicalRoutes(api, {
      answers: terminal.answers,
      receptions: terminal.store,
      central: terminal.central,
      clock: terminal.clock,
      counterGuard: guards.requireRole('reception', 'clinician', 'admin'),
      clinicianGuard: guards.requireRole('clinician'),
      staffOf: staffOfSession,
      audit: ({ staffId, action, receptionId, kioskId }) =>
        terminal.store.recordAccess({ at: terminal.clock.now(), actor: { kind: 'staff', id: staffId }, action, receptionId, kioskId }),
      facilityName: config.facility.name ?? `医療機関コード ${config.facility.medicalInstitutionCode}`,
      font: () => (fontOnce.font ??= loadExportFont()),
    });
    // The audit viewer: administrators only; each viewing is itself audited.
    await registerAuditRoutes(api, {
      store: terminal.store,
      guard: guards.requireRole('admin'),
      staffOf: staffOfSession,
      clock: terminal.clock,
    });
    await registerInquiryRoutes(api, {
      central: terminal.central,
      guard: guards.requireRole('reception', 'clinician', 'admin'),
      staffOf: (request) => request.consoleSession?.account.login,
      audit: storeInquiryAudit(terminal.store, consoleKeysFor(config).inquiryPseudonym),
      clock: terminal.clock,
    });
    const firstAdministrator = await ensureFirstAdministrator({ accounts: terminal.consoleAccounts, clock: { now: () => new Date() } });
    const camera = await DemoCamera.open(join(dataDir, 'demo')).catch(() => undefined);
    await registerDemoRoutes(api, {
      personsDir,
      controlSocket,
      camera: camera !== undefined && camera.available().length > 0 ? camera : undefined,
      kioskOfReader: (reader) => `kiosk-${reader + 1}`,
    });
    await api.listen({ host: server.host, port: server.port });
    stops.push(() => api.close());
    const address = api.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : server.port;
    const base = `http://${server.host}:${port}`;
    const kioskUrls = READERS.map((reader) => `${base}/kiosk/?kiosk=kiosk-${reader + 1}`);
    return {
      kioskUrl: kioskUrls[0]!,
      kioskUrls,
      demoPanelUrl: `${base}/demo/`,
      cameraClip: camera !== undefined && camera.available().length > 0 ? camera.clipFile : undefined,
      staffToken,
      consoleUrl: `${base}/console/login/`,
      firstAdministrator,
      controlSocket,
      readersAvailable: pcscd.available,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
