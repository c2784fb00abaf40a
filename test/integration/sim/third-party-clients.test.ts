// Real clients against the simulator: `curl --digest` and the Debian `wsl` WS-Man shell client (which uses wget for
// digest) get AMT_GeneralSettings from it; a wrong password gets 401. Tools missing at test time fail with an install hint.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type SimDevice } from '../../sim/index';

const INSTALL_HINT =
  'install it with: apt-get install -y --no-install-recommends curl wget wsl uuid-runtime (also done by .ci/run)';
const GENERAL_SETTINGS_URI = 'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings';
const TOOL_TIMEOUT_MS = 30_000;

function requireTool(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`required tool '${name}' is not installed; ${INSTALL_HINT}`);
  }
}

function run(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: TOOL_TIMEOUT_MS, env: options.env, cwd: options.cwd, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A Get request envelope written here, independently of the simulator and of the product's envelope code. */
function getEnvelope(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsman="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
    '<s:Header><wsa:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</wsa:Action>' +
    '<wsa:To s:mustUnderstand="true">/wsman</wsa:To>' +
    `<wsman:ResourceURI s:mustUnderstand="true">${GENERAL_SETTINGS_URI}</wsman:ResourceURI>` +
    `<wsa:MessageID s:mustUnderstand="true">${messageId}</wsa:MessageID>` +
    '<wsa:ReplyTo><wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo>' +
    '<wsman:OperationTimeout>PT60S</wsman:OperationTimeout></s:Header><s:Body></s:Body></s:Envelope>'
  );
}

const hostNameOf = (xml: string): string | undefined =>
  /<(?:\w+:)?HostName>([^<]*)<\/(?:\w+:)?HostName>/.exec(xml)?.[1];

let fleet: Fleet;
let device: SimDevice;
let workDir: string;
let curl: string;
let wsl: string;

beforeAll(async () => {
  curl = requireTool('curl');
  wsl = requireTool('wsl');
  requireTool('wget');
  requireTool('uuidgen');
  workDir = mkdtempSync(join(tmpdir(), 'sim-third-party-'));
  fleet = await startFleet({ count: 2, seed: 'third-party', baseAddress: '127.20.10.1' });
  device = fleet.devices[1] as SimDevice;
});

afterAll(async () => {
  await fleet?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('third-party WS-Man clients against the simulator', () => {
  it('curl --digest gets AMT_GeneralSettings over HTTP with the right HostName', async () => {
    const requestFile = join(workDir, 'get-general-settings.xml');
    writeFileSync(requestFile, getEnvelope('curl-1'));
    const { code, stdout, stderr } = await run(curl, [
      '--silent',
      '--show-error',
      '--digest',
      '--user',
      `${device.user}:${device.password}`,
      '--header',
      'Content-Type: application/soap+xml;charset=UTF-8',
      '--data-binary',
      `@${requestFile}`,
      `http://${device.host}:${device.httpPort}/wsman`,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(hostNameOf(stdout)).toBe(device.hostName);
    expect(stdout).toContain('<b:RelatesTo>curl-1</b:RelatesTo>');
  });

  it('curl --digest gets the same over TLS (self-signed certificate, --insecure)', async () => {
    const requestFile = join(workDir, 'get-general-settings-tls.xml');
    writeFileSync(requestFile, getEnvelope('curl-2'));
    const { code, stdout } = await run(curl, [
      '--silent',
      '--insecure',
      '--digest',
      '--user',
      `${device.user}:${device.password}`,
      '--data-binary',
      `@${requestFile}`,
      `https://${device.host}:${device.tlsPort}/wsman`,
    ]);
    expect(code).toBe(0);
    expect(hostNameOf(stdout)).toBe(device.hostName);
  });

  it('curl with a wrong password gets HTTP 401', async () => {
    const requestFile = join(workDir, 'get-general-settings-wrong.xml');
    writeFileSync(requestFile, getEnvelope('curl-3'));
    const { stdout } = await run(curl, [
      '--silent',
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code}',
      '--digest',
      '--user',
      `${device.user}:Wr0ng-Password!`,
      '--data-binary',
      `@${requestFile}`,
      `http://${device.host}:${device.httpPort}/wsman`,
    ]);
    expect(stdout).toBe('401');
  });

  it('wsl get (digest through wget) returns AMT_GeneralSettings with the right HostName', async () => {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: workDir,
      WSENDPOINT: `${device.host}:${device.httpPort}`,
      WSUSER: device.user,
      WSPASS: device.password,
      WSNOSSL: '1',
      IPINTERACTIVE: '0',
      USEWGET: '1',
    };
    // wsl writes its request/response files into the working directory; its exit status reflects a selector check
    // that does not apply to a selector-less Get, so the reply itself is what is asserted.
    const { stdout } = await run(wsl, ['get', GENERAL_SETTINGS_URI], { env, cwd: workDir });
    expect(hostNameOf(stdout)).toBe(device.hostName);
    expect(stdout).toContain(device.realm);
  });

  it('wsl with a wrong password gets no AMT_GeneralSettings (the simulator answers 401)', async () => {
    const before = device.stats.unauthorized;
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: workDir,
      WSENDPOINT: `${device.host}:${device.httpPort}`,
      WSUSER: device.user,
      WSPASS: 'Wr0ng-Password!',
      WSNOSSL: '1',
      IPINTERACTIVE: '0',
      USEWGET: '1',
    };
    const { stdout } = await run(wsl, ['get', GENERAL_SETTINGS_URI], { env, cwd: workDir });
    expect(hostNameOf(stdout)).toBeUndefined();
    expect(device.stats.unauthorized).toBeGreaterThan(before + 1);
  });
});
