import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

function call(url: string, agent: Agent, method: string, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }));
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

describe('central serve (the one-command default)', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await makeTempDir('oqs-central-cli-');
  });
  afterAll(() => dir?.remove());

  it('starts from an empty data folder, serves mutual TLS with the printed facility certificate, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'central/cli/central.ts', 'serve', '--data', dir.path, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    const agents: Agent[] = [];
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const started = JSON.parse(firstLine);
      expect(started).toMatchObject({ ok: true, url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/) });
      expect(started.facilities.map((facility: { medicalInstitutionCode: string }) => facility.medicalInstitutionCode)).toEqual(['1399999999', '1390000017', '1390000025']);
      const ca = await readFile(started.caCertificate, 'utf8');
      const clinic = started.facilities[0];
      const anonymous = new Agent({ ca });
      const facility = new Agent({ ca, cert: await readFile(clinic.certificate, 'utf8'), key: await readFile(clinic.privateKey, 'utf8') });
      agents.push(anonymous, facility);

      expect(await call(`${started.url}/health`, anonymous, 'GET')).toEqual({ status: 200, json: { status: 'ok' } });
      const refused = await call(`${started.url}/oqs-api-pro/MSA12020/ILI12020SV01/auth`, anonymous, 'POST', '{}');
      expect(refused.status).toBe(401);
      const login = await call(`${started.url}/oqs-api-pro/MSA12020/ILI12020SV01/auth`, facility, 'POST', '{}');
      expect(login.status).toBe(200);
      expect(login.json.result.idToken).toEqual(expect.any(String));

      for (const agent of agents) agent.destroy();
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(stderr.join('')).toContain('central: stopped');
    } finally {
      for (const agent of agents) agent.destroy();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
