import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createCryptoEngine } from '../crypto/engine';
import { createCardCertificateVerifier, verifyCardFace } from '../crypto/verify';
import { EXTENDED_RESPONSE_LENGTH } from '../device/card/pcsc-transport';
import { ReaderMonitor } from '../device/card/reader-monitor';
import type { ReaderEvent } from '../device/card/reader-events';
import { FaceWorkerVerifier } from '../face/worker/face-worker-client';
import type { CardFront } from '../flow/ports/card-front';
import type { CardFaceVerifier } from '../flow/ports/cert-verifier';
import type { Clock } from '../flow/ports/clock';
import type { FaceVerifier } from '../flow/ports/face-verifier';
import type { ReceptionEmitted } from '../flow/reception-context';
import { createOqsCentralSystem, type OqsCentralSystem } from '../oqs/client';
import { openReceptionDatabase } from '../store/open-reception-database';
import { SqliteReceptionStore } from '../store/sqlite-reception-store';
import { SqliteConsoleAccountsStore } from '../store/console-accounts-store';
import { timeoutsOf, type ReceptionConfig } from './config';
import { timedPort, type PartTimer, type ReceptionPart } from './part-timing';
import { CardSlot } from './kiosk/card-slot';
import { KioskRuntime } from './kiosk/kiosk-runtime';
import { StaffCardFront } from './kiosk/staff-card-front';
import { FaceFileSink } from './reception/face-file-sink';
import { SqliteAlertStore, type StoredAlert } from '../store/sqlite-alert-store';
import { watchAlerts } from './console/alert-watch';
import type { ReceptionStore } from '../flow/ports/reception-store';
import { ReceptionAnswers } from './console/reception-answers';
import { MemoryCardPhotoShelf } from './console/card-photo-shelf';
import { OutageQueueWorker } from './reception/outage-queue-worker';
import { bindAnswersToReception } from './reception/answer-binding';
import { RecordingStore } from './reception/recording-store';
import { SqliteFacilitySettingsStore } from '../store/facility-settings-store';
import { FacilitySettingsService, startupSettings } from './settings/settings-service';
import { scannersConnected } from './settings/facility-settings';
import { raiseFolderAlerts } from './receipt-folders/folder-alerts';
import { ReceiptFolderService } from './receipt-folders/receipt-folder-service';
import { receiptFolderSettingsOf } from './receipt-folders/settings';

export interface TerminalLog {
  (code: string, detail: string): void;
}

/** Parts a caller may supply instead of the configured ones (the demo's card-front scanners, a face engine). */
export interface ReceptionTerminalParts {
  readonly cardFronts?: ReadonlyMap<string, CardFront>;
  readonly face?: FaceVerifier;
  readonly log?: TerminalLog;
  readonly outageRetryMs?: number;
  /** The wall clock (certificate check times, records); the system clock by default. */
  readonly clock?: Clock;
  /** Told how long each port call took, by part (card, certificate, face, central, store). */
  readonly timer?: PartTimer;
}

export interface Kiosk {
  readonly runtime: KioskRuntime;
  readonly slot: CardSlot;
  readonly staffCardFront: StaffCardFront | undefined;
}

export interface ReceptionTerminal {
  readonly kiosks: ReadonlyMap<string, Kiosk>;
  readonly store: SqliteReceptionStore;
  /** Alerts that stay until a staff account acknowledges them. */
  readonly alerts: SqliteAlertStore;
  /** The answers of completed receptions, in memory for the consent window (the console's detail views). */
  readonly answers: ReceptionAnswers;
  /** The card photo of a reception in 目視確認, in memory while staff may look at it (the console's photo route). */
  readonly cardPhotos: MemoryCardPhotoShelf;
  /** Hears every alert newly raised; returns the unsubscription. */
  onAlert(listener: (alert: StoredAlert) => void): () => void;
  readonly clock: Clock;
  /** The staff console's accounts and sessions, in the same file (terminal/console/auth). */
  readonly consoleAccounts: SqliteConsoleAccountsStore;
  /** The facility settings an administrator changes on the console (terminal/settings). */
  readonly settings: FacilitySettingsService;
  /** What the terminal started on: the configuration file with the saved settings laid over it. */
  readonly config: ReceptionConfig;
  readonly central: OqsCentralSystem;
  readonly outage: OutageQueueWorker;
  /** The レセコン req/res folders, when configured. */
  readonly receiptFolders: ReceiptFolderService | undefined;
  stop(): Promise<void>;
}

/** Japanese is always offered, and first: the staff and the kiosk's own guidance speak it. */
function offeredLanguages(languages: readonly string[]): string[] {
  return ['ja', ...languages.filter((language) => language !== 'ja')];
}

/**
 * The composition root of the terminal process: the real adapters behind every port, one flow per
 * kiosk, the reader monitor feeding card events to the kiosk of each reader, the store, the face
 * files for the レセコン and the outage queue.
 */
export async function startReceptionTerminal(fileConfig: ReceptionConfig, parts: ReceptionTerminalParts = {}): Promise<ReceptionTerminal> {
  const log: TerminalLog = parts.log ?? ((code, detail) => process.stderr.write(`terminal [${code}] ${detail}\n`));
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  try {
    const database = openReceptionDatabase(fileConfig.store.file);
    stops.push(() => {
      database.close();
    });
    const store = new SqliteReceptionStore(database);
    const consoleAccounts = new SqliteConsoleAccountsStore(database);
    // The settings an administrator saved on the console lie over the configuration file's.
    const settingsStore = new SqliteFacilitySettingsStore(database);
    const feasible = scannersConnected(parts.cardFronts);
    const startup = startupSettings(fileConfig, settingsStore, feasible);
    if (startup.refused !== undefined) log(startup.refused.code, startup.refused.detail);
    const config = startup.config;

    const [caPem, certificatePem, privateKeyPem, readerCertificatePem, readerKeyPem, cardFaceSpki] = await Promise.all([
      readFile(config.central.caCertificate, 'utf8'),
      readFile(config.central.clientCertificate, 'utf8'),
      readFile(config.central.clientKey, 'utf8'),
      readFile(config.central.readerCertificate, 'utf8'),
      readFile(config.central.readerKey, 'utf8'),
      readFile(config.certificates.cardFacePublicKey),
    ]);
    const clock: Clock = parts.clock ?? { now: () => new Date() };
    // Sends a crash interrupted go back to the queue; the central system is asked again.
    await store.releaseInterruptedSends(clock.now());
    // Receptions a crash left open: their patients are in no flow any more.
    await store.abandonOpenReceptions(clock.now(), 'TERMINAL_RESTARTED');
    const createdCentral = createOqsCentralSystem(
      {
        baseUrl: config.central.url,
        medicalInstitutionCode: config.facility.medicalInstitutionCode,
        tls: { ca: caPem, clientCertificate: certificatePem, clientKey: privateKeyPem },
        reader: { privateKey: readerKeyPem, certificate: readerCertificatePem },
      },
      { now: () => clock.now() },
    );
    if (!createdCentral.ok) throw Object.assign(new Error(createdCentral.detail), { code: createdCentral.code });
    const central = createdCentral.central;
    stops.push(() => central.close());

    const created = await createCardCertificateVerifier(
      { trustStorePath: config.certificates.trustStore, responders: { ocspUrl: config.certificates.ocspUrl } },
      { engine: createCryptoEngine() },
    );
    if (!created.ok) throw Object.assign(new Error(`trust store: ${created.code}`), { code: 'TRUST_STORE_INVALID' });
    const cardFaces: CardFaceVerifier = {
      verifyCardFace: async (record) =>
        verifyCardFace({ cardFacePublicKeySpki: new Uint8Array(cardFaceSpki), signedParts: record.signedParts, signature: record.signature }).ok,
    };

    let face = parts.face;
    if (face === undefined) {
      const started = await FaceWorkerVerifier.start({
        ...(config.face.modelDirectory === undefined ? {} : { modelDirectory: config.face.modelDirectory }),
        ...(config.face.challengeSequence === undefined ? {} : { challengeSequence: config.face.challengeSequence }),
      });
      stops.push(() => started.close());
      face = started;
    }

    const faceFiles = new FaceFileSink(config.faceFolder.path, config.faceFolder.encoding);
    // Face files a crash left staged: published if their reception was recorded, removed otherwise.
    const recovery = await faceFiles.recoverStaged((receptionId) => store.findReception(receptionId)?.state === 'completed');
    for (const failure of recovery.failures) log('FACE_FILE_RECOVERY_FAILED', failure);
    const recording = new RecordingStore(store, faceFiles, log);
    // A completed reception's answer stays in memory for the console's detail views (never on disk).
    const answers = new ReceptionAnswers(clock);
    const cardPhotos = new MemoryCardPhotoShelf();
    const keepingAnswers: ReceptionStore = {
      begin: (start) => recording.begin(start),
      complete: async (completion) => {
        await recording.complete(completion);
        answers.keep(completion.answer);
      },
      queue: (queued) => recording.queue(queued),
      handOver: (handover) => recording.handOver(handover),
      abandon: (abandon) => recording.abandon(abandon),
    };
    const monitor = new ReaderMonitor();
    stops.push(() => monitor.close());

    const time = <T extends object>(port: T, part: ReceptionPart): T => (parts.timer === undefined ? port : timedPort(port, part, parts.timer));
    const kiosks = new Map<string, Kiosk>();
    for (const kioskConfig of config.kiosks) {
      const slot = new CardSlot(monitor, kioskConfig.readerName, kioskConfig.extendedLength === true ? { maxResponseLength: EXTENDED_RESPONSE_LENGTH } : {});
      const staffCardFront = kioskConfig.cardFront === 'staff-entry' ? new StaffCardFront() : undefined;
      const cardFront = parts.cardFronts?.get(kioskConfig.id) ?? staffCardFront;
      if (cardFront === undefined) {
        throw Object.assign(new Error(`kiosk ${kioskConfig.id}: no card-front scanner is connected; use cardFront "staff-entry"`), { code: 'TERMINAL_CONFIG_INVALID' });
      }
      // Set once the runtime exists: an answer that arrives when its reception is gone is audited.
      let currentReception = (): string | undefined => undefined;
      const kioskCentral = bindAnswersToReception(central, () => currentReception(), (receptionId) =>
        store.recordAccess({ at: clock.now(), actor: { kind: 'kiosk', id: kioskConfig.id }, action: 'ANSWER_DROPPED', receptionId, kioskId: kioskConfig.id }),
      );
      const runtime = new KioskRuntime({
        settings: {
          kioskId: kioskConfig.id,
          consentCategories: config.facility.consentCategories,
          issuesElectronicPrescriptions: config.facility.issuesElectronicPrescriptions,
          framesPerFaceAttempt: config.face.framesPerAttempt,
          timeouts: timeoutsOf(config),
        },
        dependencies: {
          cardSession: async () => {
            const started = performance.now();
            const session = await slot.cardSession();
            parts.timer?.('card', performance.now() - started);
            return time(session, 'card');
          },
          cardFront,
          cardFrontScanner: kioskConfig.cardFront === 'printed-fields' ? cardFront : undefined,
          certificates: time(created.verifier, 'certificate'),
          cardFaces: time(cardFaces, 'certificate'),
          face: time(face, 'face'),
          cardPhotos,
          central: time(kioskCentral, 'central'),
          store: time(keepingAnswers, 'store'),
          clock,
        },
        onEmitted: (event: ReceptionEmitted) => recording.recordEmitted(kioskConfig.id, event),
        languages: offeredLanguages(config.languages),
      });
      currentReception = () => runtime.receptionId;
      if (staffCardFront !== undefined) {
        stops.push(
          runtime.subscribe(({ staff }) => {
            if (!staff.awaitsCollationNumber) staffCardFront.flowStoppedAwaiting();
          }),
        );
      }
      stops.push(() => runtime.stop());
      kiosks.set(kioskConfig.id, { runtime, slot, staffCardFront });
    }

    const endCard = (kiosk: Kiosk): void => {
      kiosk.staffCardFront?.cancel();
      kiosk.runtime.cardRemoved();
      // The flow drops it too; a card gone from the reader leaves no photo behind in any case.
      cardPhotos.drop(kiosk.runtime.kioskId);
      // The next card's session waits for this release (CardSlot), so nothing of this card is reused.
      void kiosk.slot.release();
    };
    const kioskOfReader = new Map(config.kiosks.map((kiosk) => [kiosk.readerName, kiosks.get(kiosk.id)!]));
    monitor.subscribe((event: ReaderEvent) => {
      if (event.type === 'pcsc.unavailable' || event.type === 'pcsc.error') {
        log(event.error.code, event.error.message);
        return;
      }
      if (event.type !== 'card.inserted' && event.type !== 'card.removed' && event.type !== 'reader.removed') return;
      const kiosk = kioskOfReader.get(event.reader);
      if (kiosk === undefined) return;
      if (event.type === 'card.inserted') {
        // A card the monitor saw arrive without seeing the last one leave is still a new patient:
        // the last one's flow, session and pending 照合番号B end first.
        if (kiosk.runtime.receptionId !== undefined) endCard(kiosk);
        kiosk.runtime.cardInserted(randomUUID());
      } else {
        endCard(kiosk);
      }
    });
    monitor.start();

    const outage = new OutageQueueWorker({ store, central, faceFiles, clock, log, retryMs: parts.outageRetryMs ?? 5_000, onCompleted: (answer) => answers.keep(answer) });
    stops.push(() => outage.stop());

    const alerts = new SqliteAlertStore(database);
    const alertListeners = new Set<(alert: StoredAlert) => void>();
    const onRaised = (alert: StoredAlert): void => {
      for (const listener of alertListeners) listener(alert);
    };
    stops.push(
      watchAlerts({
        kiosks: [...kiosks.values()].map((kiosk) => kiosk.runtime),
        alerts,
        receptions: store,
        outage,
        clock,
        onRaised,
        log,
      }),
    );
    outage.start();

    const settings = new FacilitySettingsService(
      settingsStore,
      config,
      {
        reconfigureKiosks: (saved) => {
          for (const kiosk of kiosks.values()) {
            kiosk.runtime.reconfigure({
              settings: { consentCategories: saved.facility.consentCategories, issuesElectronicPrescriptions: saved.facility.issuesElectronicPrescriptions, timeouts: saved.timeouts },
              languages: offeredLanguages(saved.languages),
            });
          }
        },
        setFaceFileEncoding: (encoding) => faceFiles.setEncoding(encoding),
      },
      clock,
      feasible,
    );

    // The レセコン's requests in Req, answered through the same central client in Res.
    let receiptFolders: ReceiptFolderService | undefined;
    if (config.receiptFolders !== undefined) {
      const folders = ReceiptFolderService.create({
        settings: receiptFolderSettingsOf(config.receiptFolders, config.faceFolder.path),
        central,
        medicalInstitutionCode: config.facility.medicalInstitutionCode,
        clock,
        log,
      });
      receiptFolders = folders;
      stops.push(() => folders.stop());
      stops.push(raiseFolderAlerts(folders, { alerts, clock, onRaised, log }));
      await folders.start();
    }

    const onAlert = (listener: (alert: StoredAlert) => void): (() => void) => {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    };
    return { kiosks, store, alerts, answers, cardPhotos, onAlert, clock, consoleAccounts, settings, config, central, outage, receiptFolders, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
