import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PrintedCardFields } from '../../device/card/collation-number';
import { sendControlRequest } from '../../device/virtual-card/control-client';
import { PrintedCardFront, printedFieldsOfCard } from '../../device/virtual-card/printed-card-front';
import { vpcdReaderName, type VpcdReaderIndex } from '../../device/virtual-card/virtual-card-slot';
import type { CardFront } from '../../flow/ports/card-front';
import { parseReceptionConfig, type ServerConfig } from '../config';
import type { FirstAdministrator } from '../console/auth';
import { startTerminalServer } from '../terminal-server';
import { startReceptionTerminal } from '../reception-terminal';
import { startCentralProcess } from './central-process';
import { DemoCamera } from './demo-camera';
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

    const camera = await DemoCamera.open(join(dataDir, 'demo')).catch(() => undefined);
    // The pages, the kiosks over HTTP (browser mode), the staff console behind its sign-in, and the demo panel.
    const http = await startTerminalServer(terminal, server, {
      serveKiosks: true,
      extraRoutes: (app) =>
        registerDemoRoutes(app, {
          personsDir,
          controlSocket,
          camera: camera !== undefined && camera.available().length > 0 ? camera : undefined,
          kioskOfReader: (reader) => `kiosk-${reader + 1}`,
        }),
    });
    stops.push(() => http.stop());
    const base = http.baseUrl;
    const firstAdministrator = http.firstAdministrator;
    const kioskUrls = READERS.map((reader) => `${base}/kiosk/?kiosk=kiosk-${reader + 1}`);
    return {
      kioskUrl: kioskUrls[0]!,
      kioskUrls,
      demoPanelUrl: `${base}/demo/`,
      cameraClip: camera !== undefined && camera.available().length > 0 ? camera.clipFile : undefined,
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
