import { describe, expect, it } from 'vitest';
import type { ReceptionTerminal } from './reception-terminal';
import { startTerminalServer } from './terminal-server';

describe('the terminal server', () => {
  it('refuses to serve plain HTTP beyond this machine, before it touches the terminal', async () => {
    const untouched = new Proxy({}, { get: () => { throw new Error('the terminal was used'); } }) as ReceptionTerminal;
    for (const host of ['0.0.0.0', '192.168.1.20', '::']) {
      await expect(startTerminalServer(untouched, { host, port: 0, rendererDir: 'unused' }, { serveKiosks: false })).rejects.toMatchObject({ code: 'PLAIN_HTTP_OFF_LOOPBACK' });
    }
  });
});
