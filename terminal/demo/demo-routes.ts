import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendControlRequest } from '../../device/virtual-card/control-client';
import { isVpcdReaderIndex, type VpcdReaderIndex } from '../../device/virtual-card/virtual-card-slot';
import type { DemoCamera } from './demo-camera';
import { fromOwnOrigin, refuse } from '../http/refusal';

/** A fixture person as the demo panel lists them: synthetic people from the seed documents. */
interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly photo: string | null;
  readonly faceOnlyCard: boolean;
}

export interface DemoRoutesOptions {
  readonly personsDir: string;
  readonly controlSocket: string;
  readonly camera: DemoCamera | undefined;
  /** Which kiosk each virtual reader serves. */
  readonly kioskOfReader: (reader: VpcdReaderIndex) => string;
}

async function loadDemoPersons(personsDir: string): Promise<DemoPerson[]> {
  const persons: DemoPerson[] = [];
  for (const file of (await readdir(personsDir)).filter((name) => name.endsWith('.json')).sort()) {
    const person = JSON.parse(await readFile(join(personsDir, file), 'utf8')) as {
      id: string;
      name: { kanji: string };
      purpose: string;
      photo?: string;
      card: { kind: string };
    };
    persons.push({ id: person.id, name: person.name.kanji, purpose: person.purpose, photo: person.photo ?? null, faceOnlyCard: person.card.kind === 'face-only' });
  }
  return persons;
}

/**
 * The demo panel's API (demo only, never in a facility's terminal): put a fixture person's card on a
 * virtual reader or take it off, and choose who stands before the fake camera.
 *
 * - GET    /api/demo/state                    persons, what is on each reader, the camera's scene
 * - PUT    /api/demo/readers/:reader/card     { personId } (a card already there is swapped)
 * - DELETE /api/demo/readers/:reader/card
 * - PUT    /api/demo/camera                   { scene: 'nobody' | 'faceNN' }
 */
export async function registerDemoRoutes(app: FastifyInstance, options: DemoRoutesOptions): Promise<void> {
  const persons = await loadDemoPersons(options.personsDir);
  const known = new Set(persons.map((person) => person.id));
  const readerOf = (value: string): VpcdReaderIndex | undefined => {
    const reader = Number(value);
    return /^[0-9]$/.test(value) && isVpcdReaderIndex(reader) ? reader : undefined;
  };

  app.get('/api/demo/state', async (_request, reply) => {
    const status = await sendControlRequest(options.controlSocket, { command: 'status' });
    if (!status.ok || status.command !== 'status') return refuse(reply, 503, 'DEMO_CARDS_UNAVAILABLE', 'the virtual card slots do not answer');
    return {
      persons,
      readers: status.readers.map((entry) => ({ reader: entry.reader, kioskId: options.kioskOfReader(entry.reader), personId: entry.profileId })),
      camera: options.camera === undefined ? null : { showing: options.camera.showing, scenes: options.camera.available() },
    };
  });

  app.put<{ Params: { reader: string }; Body: { personId?: unknown } | null }>('/api/demo/readers/:reader/card', async (request, reply) => {
    if (!fromOwnOrigin(request)) return refuse(reply, 403, 'ORIGIN_REFUSED', 'another origin');
    const reader = readerOf(request.params.reader);
    if (reader === undefined) return refuse(reply, 404, 'READER_UNKNOWN', 'no such reader');
    const personId = request.body?.personId;
    if (typeof personId !== 'string' || !known.has(personId)) return refuse(reply, 400, 'PERSON_UNKNOWN', 'no such fixture person');
    const status = await sendControlRequest(options.controlSocket, { command: 'status' });
    const occupied = status.ok && status.command === 'status' && status.readers.some((entry) => entry.reader === reader && entry.profileId !== null);
    const answer = await sendControlRequest(options.controlSocket, { command: occupied ? 'swap' : 'insert', profileId: personId, reader });
    return answer.ok ? { ok: true } : refuse(reply, 409, answer.error.code, answer.error.message);
  });

  app.delete<{ Params: { reader: string } }>('/api/demo/readers/:reader/card', async (request, reply) => {
    if (!fromOwnOrigin(request)) return refuse(reply, 403, 'ORIGIN_REFUSED', 'another origin');
    const reader = readerOf(request.params.reader);
    if (reader === undefined) return refuse(reply, 404, 'READER_UNKNOWN', 'no such reader');
    const answer = await sendControlRequest(options.controlSocket, { command: 'remove', reader });
    return answer.ok ? { ok: true } : refuse(reply, 409, answer.error.code, answer.error.message);
  });

  app.put<{ Body: { scene?: unknown } | null }>('/api/demo/camera', async (request, reply) => {
    if (!fromOwnOrigin(request)) return refuse(reply, 403, 'ORIGIN_REFUSED', 'another origin');
    if (options.camera === undefined) return refuse(reply, 409, 'DEMO_CAMERA_UNAVAILABLE', 'no fake camera clips were made');
    const scene = request.body?.scene;
    if (typeof scene !== 'string' || !(await options.camera.show(scene))) return refuse(reply, 400, 'SCENE_UNKNOWN', 'no clip for that scene');
    return { ok: true, showing: options.camera.showing };
  });
}
