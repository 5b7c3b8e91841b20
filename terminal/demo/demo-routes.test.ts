import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerDemoRoutes } from './demo-routes';
import { canOpenKioskWindow } from './kiosk-browser';

const personsDir = fileURLToPath(new URL('../../fixtures/persons', import.meta.url));

async function demoApp() {
  const app = Fastify();
  // No virtual card process behind it: every refusal below must come before the slots are asked.
  await registerDemoRoutes(app, { personsDir, controlSocket: join('/nonexistent', 'control.sock'), camera: undefined, kioskOfReader: (reader) => `kiosk-${reader + 1}` });
  return app;
}

describe('the demo panel routes', () => {
  it('refuse another origin, an unknown reader and an unknown person with coded envelopes', async () => {
    const app = await demoApp();
    const put = (url: string, body: unknown, origin?: string) =>
      app.inject({ method: 'PUT', url, headers: { host: '127.0.0.1:8300', ...(origin ? { origin } : {}) }, payload: body as object });
    const other = await put('/api/demo/readers/0/card', { personId: 'shiken-taro' }, 'http://evil.example');
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'ORIGIN_REFUSED']);
    const reader = await put('/api/demo/readers/7/card', { personId: 'shiken-taro' });
    expect([reader.statusCode, reader.json().error.code]).toEqual([404, 'READER_UNKNOWN']);
    const person = await put('/api/demo/readers/0/card', { personId: '../../etc/passwd' });
    expect([person.statusCode, person.json().error.code]).toEqual([400, 'PERSON_UNKNOWN']);
    await app.close();
  });

  it('say so when there are no camera clips', async () => {
    const app = await demoApp();
    const answer = await app.inject({ method: 'PUT', url: '/api/demo/camera', payload: { scene: 'face02' } });
    expect([answer.statusCode, answer.json().error.code]).toEqual([409, 'DEMO_CAMERA_UNAVAILABLE']);
    await app.close();
  });
});

describe('the demo kiosk window', () => {
  it('opens only where there is a display, and never when turned off', () => {
    expect(canOpenKioskWindow({})).toBe(false);
    expect(canOpenKioskWindow({ DISPLAY: ':0', OQS_DEMO_BROWSER: '0' })).toBe(false);
  });
});
