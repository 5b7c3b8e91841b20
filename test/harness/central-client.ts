import { Agent, request as httpsRequest } from 'node:https';
import { toPem, type FacilityPki, type KeyAndCertificate } from '../../crypto/mock-ca';

export interface CentralReply {
  status: number;
  contentType: string;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: any;
}

export interface CentralClientOptions {
  baseUrl: string;
  /** Verifies the server against this CA (the facility PKI's). */
  caPem: string;
  /** The facility's client certificate; none for a person (portal) or for refusal tests. */
  client?: KeyAndCertificate;
}

/** A keep-alive HTTPS client for the mock central system on loopback, one per identity. */
export class CentralClient {
  private readonly agent: Agent;
  token: string | undefined;

  constructor(private readonly options: CentralClientOptions) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 4,
      ca: options.caPem,
      ...(options.client === undefined
        ? {}
        : { cert: toPem(options.client.certificate, 'CERTIFICATE'), key: toPem(options.client.privateKeyPkcs8, 'PRIVATE KEY') }),
    });
  }

  static forFacility(baseUrl: string, pki: FacilityPki, code: string): CentralClient {
    const client = pki.facilities.find((facility) => facility.medicalInstitutionCode === code);
    if (client === undefined) throw new Error(`no facility ${code} in the PKI`);
    return new CentralClient({ baseUrl, caPem: toPem(pki.ca.certificate, 'CERTIFICATE'), client });
  }

  /** Calls the auth endpoint and keeps the idToken for later calls. */
  async login(): Promise<CentralReply> {
    const reply = await this.send('POST', '/oqs-api-pro/MSA12020/ILI12020SV01/auth', { body: '{}', contentType: 'application/json' });
    if (reply.status === 200) this.token = reply.json.result.idToken;
    return reply;
  }

  postJson(path: string, value: unknown, headers: Record<string, string> = {}): Promise<CentralReply> {
    return this.send('POST', path, { body: JSON.stringify(value), contentType: 'application/json;charset=UTF-8', headers });
  }

  send(
    method: string,
    path: string,
    options: { body?: string | Uint8Array; contentType?: string; headers?: Record<string, string>; withToken?: boolean } = {},
  ): Promise<CentralReply> {
    const url = new URL(path, this.options.baseUrl);
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : Buffer.from(options.body);
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    if (body !== undefined) headers['content-length'] = body.length;
    if ((options.withToken ?? true) && this.token !== undefined && headers['authorization'] === undefined) headers['authorization'] = this.token;
    return new Promise((resolve, reject) => {
      const request = httpsRequest(url, { method, agent: this.agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          const buffer = Buffer.concat(chunks);
          const contentType = String(response.headers['content-type'] ?? '');
          let json: unknown;
          if (contentType.startsWith('application/json')) json = JSON.parse(buffer.toString('utf8'));
          resolve({ status: response.statusCode ?? 0, contentType, body: buffer, json });
        });
      });
      request.once('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
