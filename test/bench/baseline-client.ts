// The minimal raw baseline of the power sweep: node:http with a keep-alive Agent, HA1 precomputed per host, a hand-written
// Get of CIM_AssociatedPowerManagementService and a regex for PowerState (no XML parser): the floor our stack is held to.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { BenchDevice } from './sim-process';

const WSMAN_PATH = '/wsman';
const CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
const RESOURCE_URI = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_AssociatedPowerManagementService';
const ACTION_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
const HTTP_UNAUTHORIZED = 401;
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
/** HA2 = MD5("POST:/wsman") is the same for every request of the sweep. */
const HA2 = md5(`POST:${WSMAN_PATH}`);

function envelope(action: string, messageId: number, body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
    `<Header><a:Action>${action}</a:Action><a:To>${WSMAN_PATH}</a:To><w:ResourceURI>${RESOURCE_URI}</w:ResourceURI>` +
    `<a:MessageID>${messageId}</a:MessageID><a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    `<w:OperationTimeout>PT60S</w:OperationTimeout></Header><Body>${body}</Body></Envelope>`
  );
}

const NONCE = /nonce="([^"]+)"/;
const POWER_STATE = /<(?:\w+:)?PowerState>(\d+)</;

interface HostState {
  readonly device: BenchDevice;
  readonly ha1: string;
  nonce: string | undefined;
  nc: number;
  messageId: number;
}

interface RawResponse {
  readonly status: number;
  readonly wwwAuthenticate: string;
  readonly body: string;
}

/** One client for one sweep pair (cold, then warm): a keep-alive Agent and the per-host digest state. */
export class BaselineClient {
  private readonly agent: http.Agent;
  private readonly hosts = new Map<string, HostState>();
  /** HTTP requests this client wrote (the bench's own count, checked against the simulator's). */
  requests = 0;

  constructor(
    devices: readonly BenchDevice[],
    private readonly timeoutMs: number,
  ) {
    // One socket per host, like our transport (one request in flight per device); free sockets stay for the warm sweep.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (const device of devices) {
      this.hosts.set(device.host, {
        device,
        ha1: md5(`${device.user}:${device.realm}:${device.password}`),
        nonce: undefined,
        nc: 0,
        messageId: 0,
      });
    }
  }

  async powerState(host: string): Promise<number> {
    const state = this.hosts.get(host);
    if (!state) throw new Error(`baseline: unknown host ${host}`);
    const answer = await this.authPost(state, envelope(ACTION_GET, state.messageId++, ''));
    const value = POWER_STATE.exec(answer)?.[1];
    if (value === undefined) throw new Error(`baseline: ${host} GetResponse has no PowerState`);
    return Number(value);
  }

  close(): void {
    this.agent.destroy();
  }

  /** Digest with nonce reuse: probe once for a nonce, then nc+1 per request; one re-challenge if a cached nonce is refused. */
  private async authPost(state: HostState, body: string): Promise<string> {
    let fresh = false;
    if (state.nonce === undefined) {
      await this.takeChallenge(state, body);
      fresh = true;
    }
    for (;;) {
      state.nc += 1;
      const nc = state.nc.toString(16).padStart(8, '0');
      const cnonce = randomBytes(8).toString('hex');
      const response = md5(`${state.ha1}:${state.nonce}:${nc}:${cnonce}:auth:${HA2}`);
      const authorization =
        `Digest username="${state.device.user}", realm="${state.device.realm}", nonce="${state.nonce}", uri="${WSMAN_PATH}", ` +
        `response="${response}", qop="auth", nc=${nc}, cnonce="${cnonce}"`;
      const answer = await this.post(state.device, body, authorization);
      if (answer.status === 200) return answer.body;
      if (answer.status === HTTP_UNAUTHORIZED && !fresh) {
        this.acceptChallenge(state, answer);
        fresh = true;
        continue;
      }
      throw new Error(`baseline: ${state.device.host} answered HTTP ${answer.status}`);
    }
  }

  private async takeChallenge(state: HostState, body: string): Promise<void> {
    const answer = await this.post(state.device, body, undefined);
    if (answer.status !== HTTP_UNAUTHORIZED)
      throw new Error(`baseline: ${state.device.host} answered ${answer.status} to the unauthenticated probe`);
    this.acceptChallenge(state, answer);
  }

  private acceptChallenge(state: HostState, answer: RawResponse): void {
    const nonce = NONCE.exec(answer.wwwAuthenticate)?.[1];
    if (nonce === undefined) throw new Error(`baseline: ${state.device.host} sent a 401 without a digest nonce`);
    state.nonce = nonce;
    state.nc = 0;
  }

  private post(device: BenchDevice, body: string, authorization: string | undefined): Promise<RawResponse> {
    this.requests += 1;
    const payload = Buffer.from(body, 'utf8');
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': CONTENT_TYPE, 'Content-Length': payload.length };
    if (authorization !== undefined) headers['Authorization'] = authorization;
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: device.host, port: device.httpPort, method: 'POST', path: WSMAN_PATH, headers, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const challenge = response.headers['www-authenticate'];
            resolve({
              status: response.statusCode ?? 0,
              wwwAuthenticate: Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          response.on('error', reject);
        },
      );
      request.setTimeout(this.timeoutMs, () =>
        request.destroy(new Error(`baseline: ${device.host} timed out after ${this.timeoutMs} ms`)),
      );
      request.on('error', reject);
      request.end(payload);
    });
  }
}
