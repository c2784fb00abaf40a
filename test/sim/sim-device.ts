// One simulated AMT device on real sockets: a raw HTTP/1.1 server on the WS-Man port and the same over TLS (§1.1–1.8),
// digest auth, WS-Man service, power machine, and fault switches that misbehave the way real devices do.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { OsAnswerPort } from './os-answer-port';
import { BootConfiguration, type BootPlan, type BootRecord } from './boot-configuration';
import {
  ADMIN_USER,
  FIRST_TLS12_MAJOR,
  POWER_CYCLE_OFF_SOFT,
  POWER_MASTER_BUS_RESET,
  POWER_MASTER_BUS_RESET_GRACEFUL,
  POWER_OFF_SOFT,
  POWER_OFF_SOFT_GRACEFUL,
  POWER_ON,
  LEGACY_FIRMWARE_CIPHERS,
  LEGACY_SOAP_CONTENT_TYPE,
  SOAP_CONTENT_TYPE,
  WSMAN_PATH,
} from './constants';
import { generateDeviceProfile, isValidAmtPassword, type DeviceProfile } from './device-profile';
import { DigestAuthenticator } from './digest-auth';
import { isFaultName, type FaultName } from './fault-switches';
import { HttpParseError, HttpRequestReader, type HttpRequest } from './http-request-reader';
import { plainErrorResponse, soapResponse, unauthorizedResponse } from './http-response-writer';
import { PowerStateMachine } from './power-state-machine';
import { RedirectionServer } from './redirection-server';
import type { IderFirmware } from './ider-firmware';
import { QemuHost, type SerialAttachment } from './qemu-host';
import { REDIRECTION_PORT, REDIRECTION_TLS_PORT } from './redirection-frames';
import { RedirectionState } from './redirection-state';
import { parseWsmanRequest, RequestParseError, type WsmanRequest } from './request-parser';
import { seededRandom, type SeededRandom } from './seeded-random';
import type { CertificateFactory, IssuedCertificate } from './tls-certificates';
import { WsmanService } from './wsman-service';
import { WakeOnLanListener, type WakeOnLanStats } from './wake-on-lan-listener';
import { join } from 'node:path';
import {
  DEFAULT_STORAGE_LIMITS,
  ThirdPartyStorage,
  type OsIdentity,
  type StorageBlockView,
  type StorageLimits,
} from './third-party-storage';

export interface SimDeviceOptions {
  readonly index: number;
  readonly seed: string | number;
  readonly host: string;
  /** 0 = ephemeral port. */
  readonly httpPort: number;
  readonly tlsPort: number;
  /** Redirection (SOL) port, plain: 16994 by default; 0 = ephemeral. */
  readonly redirectionPort?: number;
  /** Redirection inside TLS (same certificate as WS-Man): 16995 by default; 0 = ephemeral. */
  readonly redirectionTlsPort?: number;
  /** Fleet-wide password; absent = a generated one per device. */
  readonly password?: string;
  readonly hasAmt: boolean;
  readonly timeScale: number;
  readonly initialPowerState: number;
  readonly nonceLifetimeMs?: number;
  readonly staleFlagOnExpiry?: boolean;
  readonly lockoutInitialMs?: number;
  readonly maxItemsPerPull?: number;
  readonly slowDelayMs: number;
  /** The `trickle` fault's interval between response bytes. */
  readonly trickleIntervalMs: number;
  readonly idleTimeoutMs: number;
  /** AMT 11.x devices offer only TLS 1.0/1.1, like the real firmware (clients then need a legacy TLS profile). */
  readonly legacyTlsForAmt11: boolean;
  /** IPS_OptInService.OptInRequired at start: 0 (admin control mode) or 4294967295 (client control mode). */
  readonly optInRequired: number;
  /** How long a consent code stays valid on the host's screen; default OptInCodeTimeout (120 s). */
  readonly optInCodeTimeoutMs?: number;
  readonly faults: readonly FaultName[];
  readonly certificates: CertificateFactory;
  /** UDP port of a Wake-on-LAN receiver on the device's address (0 = ephemeral); absent = no receiver. */
  readonly wakeOnLanPort?: number;
  /**
   * Where that receiver binds; default the device's own address. '0.0.0.0' for a device on a real subnet (a test's
   * own network namespace), where a magic packet arrives as a subnet-directed broadcast that a socket bound to
   * the unicast address would not see.
   */
  readonly wakeOnLanBindAddress?: string;
  /** Folder for the device's flash (3PDS) and OS identity, one file per platform UUID; absent = memory only. */
  readonly storageDir?: string;
  readonly storageLimits?: Partial<StorageLimits>;
  /** Real milliseconds from a power-on or magic packet to S0 (the device's seeded come-up time); absent = scaled defaults. */
  readonly upDelayMs?: number;
  /** TCP port the device's OS answers on while it is in S0; absent = none. */
  readonly osPort?: number;
  /** The host behind AMT: the scripted BIOS (default) or a QEMU VM with SeaBIOS (qemu-host.ts). */
  readonly bios?: SimBios;
}

export type SimBios = 'script' | 'qemu';

/** What sits on a device's serial port behind SOL: given the session's output, it returns where keys go. */
export type SerialConsole = (output: (bytes: Buffer) => void) => SerialAttachment;
export const SIM_BIOS_NAMES: readonly SimBios[] = ['script', 'qemu'];

/** What a test changes of AMT_RedirectionService (configureRedirection). */
export interface RedirectionChange {
  readonly enabledState?: number;
  readonly listenerEnabled?: boolean;
}

/** What a device received of the actions a console must never send twice (the crash test counts these). */
export interface ActionsReceived {
  readonly powerOn: number;
  readonly powerOff: number;
  readonly gracefulOff: number;
  readonly reset: number;
  readonly gracefulReset: number;
  readonly cycle: number;
  /** Magic packets for this device's MAC (idempotent; counted for the record). */
  readonly magicPackets: number;
}

export interface DeviceStats {
  connections: number;
  requests: number;
  unauthorized: number;
  faults: number;
  /** Requests being answered right now, over all connections, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  /** Response bytes the `trickle` fault has sent. */
  trickledBytes: number;
  /** Connections accepted on the plain HTTP port and on the plain redirection port (what a downgrade would reach). */
  plainConnections: number;
  redirectionConnections: number;
  /** TLS sockets (WS-Man or redirection) the 'tlsReset' fault reset. */
  tlsResets: number;
}

interface Connection {
  readonly socket: net.Socket;
  readonly secure: boolean;
  authenticated: boolean;
  queue: Promise<void>;
  pending: number;
  closed: boolean;
}

/** Pipelined requests one connection may have waiting; beyond this the client is misbehaving and is cut off. */
const MAX_PIPELINED_REQUESTS = 32;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export class SimDevice {
  readonly profile: DeviceProfile;
  readonly host: string;
  readonly user = ADMIN_USER;
  readonly hasAmt: boolean;
  readonly stats: DeviceStats = {
    connections: 0,
    requests: 0,
    unauthorized: 0,
    faults: 0,
    inFlight: 0,
    maxInFlight: 0,
    trickledBytes: 0,
    plainConnections: 0,
    redirectionConnections: 0,
    tlsResets: 0,
  };
  private ports = { http: 0, tls: 0, redirection: 0, redirectionTls: 0 };
  private readonly redirectionServer: RedirectionServer;
  private readonly faultSet = new Set<FaultName>();
  private readonly boot = new BootConfiguration();
  private readonly redirection: RedirectionState;
  private readonly power: PowerStateMachine;
  private readonly digest: DigestAuthenticator;
  private readonly service: WsmanService;
  private readonly rng: SeededRandom;
  private readonly servers: net.Server[] = [];
  private readonly redirectionServers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private certificate: IssuedCertificate | undefined;
  private changedCertificate: IssuedCertificate | undefined;
  private secureContext: tls.SecureContext | undefined;
  private readonly wakeOnLan: WakeOnLanListener | undefined;
  private readonly storage: ThirdPartyStorage;
  private readonly osAnswer: OsAnswerPort | undefined;
  /** Opening and closing the AMT listeners for the 'refuse' fault, in order. */
  private listenerChange: Promise<void> = Promise.resolve();
  private started = false;
  private iderFirmware: IderFirmware | undefined;
  /** The QEMU VM behind the device (`bios: 'qemu'`); undefined = the scripted BIOS. */
  readonly qemu: QemuHost | undefined;
  /** VM starts and stops in order; a failure is kept for qemuError() (a test prints it). */
  private qemuQueue: Promise<void> = Promise.resolve();
  private qemuFailure: Error | undefined;
  private iderWaiters: ((firmware: IderFirmware) => void)[] = [];
  private iderReadBuffer: number | undefined;
  /** A test's serial console in place of the scripted BIOS (see useSerialConsole). */
  private serialOverride: SerialConsole | undefined;

  constructor(private readonly options: SimDeviceOptions) {
    if (options.password !== undefined && !isValidAmtPassword(options.password)) {
      throw new Error(
        'the simulator password does not satisfy AMT rules (8-32 chars, upper, lower, digit, symbol, no : , ")',
      );
    }
    this.profile = generateDeviceProfile({ seed: options.seed, index: options.index, password: options.password });
    this.host = options.host;
    this.hasAmt = options.hasAmt;
    this.rng = seededRandom(`${options.seed}/chunks/${options.index}`);
    this.redirection = new RedirectionState(options.optInRequired, options.optInCodeTimeoutMs);
    // ListenerEnabled false closes 16994/16995 (§2.7: the ports do not accept sessions); true opens them again.
    this.redirection.onListenerChange((enabled) => {
      if (!this.started || !this.hasAmt || this.faultSet.has('refuse')) return;
      this.listenerChange = this.listenerChange
        .then(() => (enabled ? this.openRedirectionListeners() : this.closeRedirectionListeners()))
        .catch(() => undefined);
    });
    const installedDay = String((options.index % 28) + 1).padStart(2, '0');
    this.storage = new ThirdPartyStorage(
      { ...DEFAULT_STORAGE_LIMITS, ...options.storageLimits },
      { hostName: this.profile.hostName, installedAt: `2025-01-${installedDay}T08:00:00.000Z`, reinstalls: 0 },
      options.storageDir === undefined ? undefined : join(options.storageDir, `device-${this.profile.uuid}.json`),
    );
    this.osAnswer = options.osPort === undefined ? undefined : new OsAnswerPort(options.host, options.osPort);
    this.power = new PowerStateMachine({
      initialState: options.initialPowerState,
      timeScale: options.timeScale,
      boot: this.boot,
      ...(options.upDelayMs === undefined ? {} : { upDelayMs: options.upDelayMs }),
      neverUp: () => this.faultSet.has('neverUp'),
      onChange: (state) => {
        void this.osAnswer?.follow(state === POWER_ON);
        if (state !== POWER_ON) this.qemuAction(() => this.qemu?.powerOff());
      },
      onBoot: (record) => this.qemuAction(() => this.qemu?.boot(record.plan.target)),
    });
    this.qemu = options.bios === 'qemu' ? new QemuHost({ ider: () => this.iderFirmware }) : undefined;
    this.digest = new DigestAuthenticator({
      realm: this.profile.realm,
      user: ADMIN_USER,
      password: () => this.expectedPassword(),
      nonceLifetimeMs: options.nonceLifetimeMs,
      staleFlagOnExpiry: options.staleFlagOnExpiry,
      lockoutInitialMs: options.lockoutInitialMs,
    });
    this.service = new WsmanService(
      {
        profile: this.profile,
        power: this.power,
        boot: this.boot,
        redirection: this.redirection,
        storage: this.storage,
      },
      {
        maxItemsPerPull: options.maxItemsPerPull,
        busy: () => this.faultSet.has('busy'),
        firstMessageId: seededRandom(`${options.seed}/message-id/${options.index}`).int(1, 0xffff),
      },
    );
    for (const fault of options.faults) this.setFault(fault, true);
    const serialNow = (): SerialConsole | undefined => this.serialConsoleNow();
    this.redirectionServer = new RedirectionServer({
      digest: this.digest,
      realm: this.profile.realm,
      user: ADMIN_USER,
      hostPoweredOn: () => this.power.powerState === POWER_ON,
      fault: (name) => this.faultSet.has(name),
      onIder: (firmware) => {
        this.iderFirmware = firmware;
        if (!firmware) return;
        const waiters = this.iderWaiters;
        this.iderWaiters = [];
        for (const w of waiters) w(firmware);
      },
      iderReadBufferBytes: () => this.iderReadBuffer,
      admits: (kind) => this.redirection.admits(kind),
      onSessionStarted: () => this.redirection.sessionStarted(),
      onAllSessionsEnded: () => this.redirection.allSessionsEnded(),
      // Read when a SOL session starts: the VM's COM1, a test's own serial console, or none (the scripted BIOS).
      get serialConsole() {
        return serialNow();
      },
    });
    this.wakeOnLan =
      options.wakeOnLanPort === undefined
        ? undefined
        : new WakeOnLanListener(
            options.wakeOnLanBindAddress ?? options.host,
            options.wakeOnLanPort,
            this.profile.mac,
            () => this.wakeFromLan(),
          );
  }

  /** A magic packet powers a device up as the power button would: a normal power-on transition, unless already on or busy. */
  private wakeFromLan(): void {
    if (this.faultSet.has('drop')) return; // the packet was lost on the way
    if (this.power.powerState === POWER_ON || this.power.inTransition) return;
    this.power.request(POWER_ON, false);
  }

  // --- Identity, as the fleet advertises it.
  get httpPort(): number {
    return this.ports.http || this.options.httpPort;
  }
  get tlsPort(): number {
    return this.ports.tls || this.options.tlsPort;
  }
  /** The plain redirection (SOL) port. */
  get redirectionPort(): number {
    return this.ports.redirection || (this.options.redirectionPort ?? REDIRECTION_PORT);
  }
  /** The TLS redirection (SOL) port. */
  get redirectionTlsPort(): number {
    return this.ports.redirectionTls || (this.options.redirectionTlsPort ?? REDIRECTION_TLS_PORT);
  }
  /** Redirection counters: SOL sessions started, auth failures, BUSY refusals, keyboard messages, IDE-R sessions. */
  redirectionStats(): RedirectionServer['stats'] {
    return { ...this.redirectionServer.stats };
  }
  /** The IDE-R firmware side while a console has the drives enabled: the host's controller for tests. */
  ider(): IderFirmware | undefined {
    return this.iderFirmware;
  }
  /** Resolves once a console has enabled IDE-R (now, or when it does, within timeoutMs). */
  waitForIder(timeoutMs = 5000): Promise<IderFirmware> {
    if (this.iderFirmware) return Promise.resolve(this.iderFirmware);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no console enabled IDE-R on ${this.host} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.iderWaiters.push((firmware) => {
        clearTimeout(timer);
        resolve(firmware);
      });
    });
  }
  /** The read buffer the next IDE-R sessions announce in 0x41 (default 8192). */
  setIderReadBuffer(bytes: number | undefined): void {
    this.iderReadBuffer = bytes;
  }
  /**
   * A test's own serial console behind SOL from the next session on (a bench's text generator), in place of the
   * scripted BIOS; undefined puts the scripted BIOS back. A QEMU device keeps its VM's COM1.
   */
  useSerialConsole(console: SerialConsole | undefined): void {
    this.serialOverride = console;
  }

  private serialConsoleNow(): SerialConsole | undefined {
    const vm = this.qemu;
    if (vm) return (output) => vm.attachSerial(output);
    return this.serialOverride;
  }

  /** Whether a console holds the SOL session now. */
  solActive(): boolean {
    return this.redirectionServer.solActive;
  }
  get password(): string {
    return this.profile.password;
  }
  get mac(): string {
    return this.profile.mac;
  }
  get amtVersion(): string {
    return this.profile.amtVersion;
  }
  get realm(): string {
    return this.profile.realm;
  }
  get uuid(): string {
    return this.profile.uuid;
  }
  /** The OS's host name (AMT_GeneralSettings.HostName); a re-install changes it. */
  get hostName(): string {
    return this.storage.os.hostName;
  }
  /** The OS identity now: host name, install date, how many re-installs. */
  osIdentity(): OsIdentity {
    return { ...this.storage.os };
  }
  /**
   * Re-installs the OS: a new host name (default `<name>-r<n>`) and install date; AMT, its flash (3PDS) and the
   * hardware (platform UUID, MAC) stay. Persisted with the flash when the fleet has a storage folder.
   */
  reinstall(change: { hostName?: string; installedAt?: string } = {}): OsIdentity {
    return this.storage.reinstall(change);
  }
  /** Every 3PDS block with its owner's vendor and application names (copies). */
  storageBlocks(): StorageBlockView[] {
    return this.storage.listBlocks();
  }
  /** Leaves a block as another (or this) application would have: test setup for foreign or garbled data. */
  plantStorageBlock(
    owner: { uuid: string; vendor: string; application: string },
    name: string,
    data: Uint8Array,
  ): void {
    this.storage.plantBlock(owner, name, data);
  }
  /** Sets the write count of every block (to reach the write-erase limit in a test). */
  setStorageWriteCount(writes: number): void {
    this.storage.setWriteCount(writes);
  }
  get storageLimits(): StorageLimits {
    return this.storage.limits;
  }

  // --- Test controls.
  setFault(name: FaultName, on: boolean): void {
    if (!isFaultName(name)) throw new Error(`unknown simulator fault '${String(name)}'`);
    if (on) this.faultSet.add(name);
    else this.faultSet.delete(name);
    if (name === 'noThirdPartyStorage') this.storage.available = !on;
    if (name === 'storageFaultMidway') this.storage.faultMidway = on;
    if (name === 'refuse' && this.started && this.hasAmt) {
      this.listenerChange = this.listenerChange
        .then(() => (on ? this.closeAmtListeners() : this.openAmtListeners()))
        .catch(() => undefined);
    }
    if (name === 'certChange') {
      this.changedCertificate = on ? this.options.certificates.issue(this.profile.hostName) : undefined;
      this.secureContext = undefined;
    }
  }
  /** The non-idempotent actions this device received over WS-Man (accepted or refused), and its magic packets. */
  actionsReceived(): ActionsReceived {
    const got = this.power.requestsReceived();
    const n = (value: number): number => got.get(value) ?? 0;
    return {
      powerOn: n(POWER_ON),
      powerOff: n(POWER_OFF_SOFT),
      gracefulOff: n(POWER_OFF_SOFT_GRACEFUL),
      reset: n(POWER_MASTER_BUS_RESET),
      gracefulReset: n(POWER_MASTER_BUS_RESET_GRACEFUL),
      cycle: n(POWER_CYCLE_OFF_SOFT),
      magicPackets: this.wakeOnLan?.stats.wakePackets ?? 0,
    };
  }
  /** This device's come-up time after a power-on or magic packet (its seeded delay), or undefined for the defaults. */
  get upDelayMs(): number | undefined {
    return this.options.upDelayMs;
  }
  /** The TCP port the OS answers on while in S0, or undefined. */
  get osPort(): number | undefined {
    return this.options.osPort;
  }
  /** Connections the OS port accepted. */
  osConnections(): number {
    return this.osAnswer?.connections ?? 0;
  }
  /** Resolves once fault switches that open or close listeners ('refuse') and the OS port have taken effect. */
  async settled(): Promise<void> {
    await this.listenerChange;
    await this.osAnswer?.settled();
  }
  faults(): FaultName[] {
    return [...this.faultSet];
  }
  setPowerState(state: number): void {
    this.power.setState(state);
  }
  getPowerState(): number {
    return this.power.powerState;
  }
  isPowerTransitionPending(): boolean {
    return this.power.inTransition;
  }
  nextBoot(): BootPlan {
    return this.boot.plan();
  }
  lastBoot(): BootRecord | undefined {
    return this.power.lastBoot();
  }
  bootHistory(): readonly BootRecord[] {
    return this.power.boots();
  }
  /** The user-consent code the firmware would show on the host's screen after StartOptIn, or null. */
  optInCode(): number | null {
    return this.redirection.displayedCode();
  }
  /**
   * Sets AMT_RedirectionService as a technician (or MEBx) would: EnabledState 32768..32771 and ListenerEnabled;
   * resolves once the redirection ports have opened or closed accordingly.
   */
  async configureRedirection(change: RedirectionChange): Promise<void> {
    if (change.enabledState !== undefined && !this.redirection.requestRedirectionState(change.enabledState)) {
      throw new Error(`EnabledState must be 32768..32771, not ${change.enabledState}`);
    }
    if (change.listenerEnabled !== undefined) this.redirection.setListenerEnabled(change.listenerEnabled);
    await this.listenerChange;
  }
  /** IPS_OptInService.OptInRequired as provisioning sets it: 0 (admin control mode), 1 (KVM) or 4294967295 (all). */
  setOptInRequired(value: number): void {
    if (!this.redirection.setOptInRequired(value)) {
      throw new Error(`OptInRequired must be 0, 1 or 4294967295, not ${value}`);
    }
  }
  /** Redirection settings as a console configured them (EnabledState, ListenerEnabled, KVM, consent). */
  redirectionSettings(): {
    enabledState: number;
    listenerEnabled: boolean;
    kvmEnabledState: number;
    optInRequired: number;
    optInState: number;
  } {
    const r = this.redirection;
    return {
      enabledState: r.enabledState,
      listenerEnabled: r.listenerEnabled,
      kvmEnabledState: r.kvmEnabledState,
      optInRequired: r.optInRequired,
      optInState: r.optInState,
    };
  }
  /** The UDP port the Wake-on-LAN receiver listens on, or undefined when the device has none. */
  get wakeOnLanPort(): number | undefined {
    return this.wakeOnLan?.actualPort;
  }
  wakeOnLanStats(): WakeOnLanStats | undefined {
    return this.wakeOnLan ? { ...this.wakeOnLan.stats } : undefined;
  }
  /** Consecutive failed logins (wrong password), the count AMT locks out after. */
  failedLogins(): number {
    return this.digest.failureCount();
  }
  isLockedOut(): boolean {
    return this.digest.isLockedOut();
  }
  /** SHA-256 fingerprint of the certificate the TLS port presents now (issued on first use). */
  certificateFingerprint(): string {
    return this.currentCertificate().fingerprint256;
  }

  private expectedPassword(): string {
    // A password that still satisfies the AMT rules but is not the advertised one.
    return this.faultSet.has('wrongPassword') ? `${this.profile.password}Zz` : this.profile.password;
  }

  private currentCertificate(): IssuedCertificate {
    if (this.changedCertificate) return this.changedCertificate;
    this.certificate ??= this.options.certificates.issue(this.profile.hostName);
    return this.certificate;
  }

  private tlsContext(): tls.SecureContext {
    if (!this.secureContext) {
      const cert = this.currentCertificate();
      const legacy = this.options.legacyTlsForAmt11 && this.firmwareMajor() < FIRST_TLS12_MAJOR;
      this.secureContext = tls.createSecureContext({
        cert: cert.certPem,
        key: cert.keyPem,
        // Old firmware offers only RSA key-exchange AES-CBC suites over TLS 1.0/1.1 (§1.8); OpenSSL 3 refuses those
        // at its default security level, so the simulator (Node's OpenSSL) lowers it to 0.
        ...(legacy
          ? { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const, ciphers: LEGACY_FIRMWARE_CIPHERS }
          : {}),
      });
    }
    return this.secureContext;
  }

  // --- Lifecycle.
  async start(): Promise<void> {
    // The NIC wakes the PC whether or not it has AMT: the receiver comes first.
    if (this.wakeOnLan) await this.wakeOnLan.start();
    if (this.osAnswer && this.power.powerState === POWER_ON) await this.osAnswer.follow(true);
    this.started = true;
    if (!this.hasAmt) return; // a machine without AMT: nothing listens at its address
    if (this.faultSet.has('refuse')) return; // nothing listens until the fault is switched off
    await this.openAmtListeners();
  }

  private async openAmtListeners(): Promise<void> {
    if (this.servers.length > 0) return;
    const http = net.createServer((socket) => this.accept(socket, false));
    const secure = net.createServer((socket) => this.acceptTls(socket));
    this.ports.http = await this.listen(http, this.ports.http || this.options.httpPort);
    this.ports.tls = await this.listen(secure, this.ports.tls || this.options.tlsPort);
    if (this.redirection.listenerEnabled) await this.openRedirectionListeners();
  }

  private async openRedirectionListeners(): Promise<void> {
    if (this.redirectionServers.length > 0) return;
    const redirection = net.createServer((socket) => {
      this.stats.redirectionConnections += 1;
      this.track(socket);
      socket.setNoDelay(true);
      socket.on('error', () => socket.destroy());
      this.redirectionServer.accept(socket);
    });
    const plainPort = this.ports.redirection || (this.options.redirectionPort ?? REDIRECTION_PORT);
    this.ports.redirection = await this.listen(redirection, plainPort, this.redirectionServers);
    const redirectionTls = net.createServer((raw) => {
      const socket = this.wrapTls(raw);
      if (!socket) return;
      socket.setNoDelay(true);
      this.redirectionServer.accept(socket);
    });
    const tlsPort = this.ports.redirectionTls || (this.options.redirectionTlsPort ?? REDIRECTION_TLS_PORT);
    this.ports.redirectionTls = await this.listen(redirectionTls, tlsPort, this.redirectionServers);
  }

  /** Stops listening on 16994/16995 (sessions already open stay, as the listener only accepts new ones). */
  private async closeRedirectionListeners(): Promise<void> {
    const closing = this.redirectionServers.splice(0);
    await Promise.all(closing.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private async closeAmtListeners(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
    await this.closeRedirectionListeners();
  }

  private listen(server: net.Server, port: number, into: net.Server[] = this.servers): Promise<number> {
    into.push(server);
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        // Each device holds two listening sockets; big fleets need a high file-descriptor limit.
        const hint = error.code === 'EMFILE' ? ' (too many open files: raise `ulimit -n`)' : '';
        reject(
          new Error(
            `simulator device ${this.options.index} cannot listen on ${this.host}:${port}: ${error.message}${hint}`,
          ),
        );
      };
      server.once('error', onError);
      server.listen({ host: this.host, port, backlog: 128 }, () => {
        server.off('error', onError);
        server.on('error', () => undefined);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  /** The last VM start or stop that failed (QEMU backend), if any. */
  qemuError(): Error | undefined {
    return this.qemuFailure;
  }

  /** Waits for the VM starts and stops asked so far (QEMU backend). */
  qemuSettled(): Promise<void> {
    return this.qemuQueue;
  }

  private qemuAction(action: () => Promise<void> | undefined): void {
    if (!this.qemu) return;
    this.qemuQueue = this.qemuQueue.then(action).catch((error: unknown) => {
      this.qemuFailure = error instanceof Error ? error : new Error(String(error));
    });
  }

  async close(): Promise<void> {
    this.power.cancel();
    this.qemuAction(() => this.qemu?.close());
    await this.qemuQueue;
    await this.listenerChange;
    await this.closeAmtListeners();
    this.redirection.close();
    await this.wakeOnLan?.close();
    await this.osAnswer?.close();
  }

  private acceptTls(raw: net.Socket): void {
    const socket = this.wrapTls(raw);
    if (socket) this.accept(socket, true);
  }

  /** TLS over an accepted TCP socket, or undefined when the 'tlsReset' fault resets it first. */
  private wrapTls(raw: net.Socket): tls.TLSSocket | undefined {
    this.track(raw);
    raw.on('error', () => raw.destroy());
    if (this.faultSet.has('tlsReset')) {
      // An on-path attacker (or a broken middlebox) resetting the handshake: RST, not a clean close.
      this.stats.tlsResets += 1;
      raw.resetAndDestroy();
      return undefined;
    }
    const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: this.tlsContext() });
    socket.on('error', () => socket.destroy());
    return socket;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private accept(socket: net.Socket, secure: boolean): void {
    this.stats.connections += 1;
    if (!secure) this.stats.plainConnections += 1;
    this.track(socket);
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const conn: Connection = {
      socket,
      secure,
      authenticated: false,
      queue: Promise.resolve(),
      pending: 0,
      closed: false,
    };
    socket.once('close', () => {
      conn.closed = true;
    });
    const reader = new HttpRequestReader();
    socket.on('data', (chunk: Buffer) => {
      if (conn.closed) return;
      let requests: HttpRequest[];
      try {
        requests = reader.push(chunk);
      } catch (error) {
        if (!(error instanceof HttpParseError)) throw error;
        conn.closed = true;
        socket.end(plainErrorResponse(/too large/.test(error.message) ? 413 : 400, this.serverVersion()));
        return;
      }
      if (requests.length === 0 && reader.needsContinue() && !this.faultSet.has('noAnswer'))
        socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      // One request at a time per connection, answered in order (keep-alive and pipelining).
      if (conn.pending + requests.length > MAX_PIPELINED_REQUESTS) {
        conn.closed = true;
        socket.destroy();
        return;
      }
      for (const request of requests) {
        conn.pending += 1;
        conn.queue = conn.queue
          .then(() => this.respond(conn, request))
          .catch(() => {
            socket.destroy();
          })
          .finally(() => {
            conn.pending -= 1;
          });
      }
    });
  }

  /** Writes one byte per trickleIntervalMs until the response is out or the client went away (bounded by its length). */
  private async trickle(conn: Connection, bytes: Buffer, close: boolean): Promise<void> {
    for (let i = 0; i < bytes.length && !conn.closed; i++) {
      conn.socket.write(bytes.subarray(i, i + 1));
      this.stats.trickledBytes += 1;
      await delay(this.options.trickleIntervalMs);
    }
    if (close && !conn.closed) {
      conn.closed = true;
      conn.socket.end();
    }
  }

  private firmwareMajor(): number {
    return Number(this.profile.amtVersion.split('.')[0]);
  }

  private serverVersion(): string {
    return `${this.profile.amtVersion}.${this.profile.firmware.build}`;
  }

  private async respond(conn: Connection, request: HttpRequest): Promise<void> {
    if (conn.closed) return;
    this.stats.requests += 1;
    this.stats.inFlight += 1;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
    try {
      await this.answer(conn, request);
    } finally {
      this.stats.inFlight -= 1;
    }
  }

  private async answer(conn: Connection, request: HttpRequest): Promise<void> {
    if (this.faultSet.has('noAnswer')) return;
    if (this.faultSet.has('noAnswer') || this.faultSet.has('drop')) return;
    if (this.faultSet.has('slow')) await delay(this.options.slowDelayMs);
    if (conn.closed) return;
    const { socket } = conn;
    if (this.faultSet.has('garbage')) {
      conn.closed = true;
      socket.end(Buffer.concat([Buffer.from('\x00\xff\x13garbage', 'latin1'), randomBytes(this.rng.int(16, 200))]));
      return;
    }
    if (request.path !== WSMAN_PATH || request.method !== 'POST') {
      conn.closed = true;
      socket.end(plainErrorResponse(request.path !== WSMAN_PATH ? 404 : 405, this.serverVersion()));
      return;
    }
    const authorization = request.headers.get('authorization');
    // AMT 6+ keeps a kept-alive TLS connection authenticated after one successful request (§1.7).
    if (!(conn.secure && conn.authenticated && authorization === undefined)) {
      const verdict = this.digest.check({
        method: request.method,
        path: request.path,
        authorization,
        staleNonceFault: this.faultSet.has('staleNonce'),
      });
      if (!verdict.ok) {
        this.stats.unauthorized += 1;
        const page = unauthorizedResponse({
          realm: this.profile.realm,
          nonce: verdict.nonce,
          stale: verdict.stale,
          serverVersion: this.serverVersion(),
        });
        if (this.faultSet.has('trickle')) return this.trickle(conn, page, true);
        conn.closed = true;
        socket.end(page);
        return;
      }
      conn.authenticated = true;
    }
    let parsed: WsmanRequest;
    try {
      parsed = parseWsmanRequest(request.body.toString('utf8'));
    } catch (error) {
      if (!(error instanceof RequestParseError)) throw error;
      conn.closed = true;
      socket.end(plainErrorResponse(400, this.serverVersion()));
      return;
    }
    const reply = this.service.handle(parsed);
    if (reply.status !== 200) this.stats.faults += 1;
    let envelope = reply.envelope;
    if (this.faultSet.has('malformedXml')) {
      // Cut the envelope somewhere in its second half and garble one tag: still valid HTTP, broken XML.
      const cut = Math.floor(envelope.length * (0.5 + this.rng.next() * 0.4));
      envelope = envelope.slice(0, cut).replace('<a:Body>', '<a:Body><<');
    }
    const clientWantsClose =
      request.headers.get('connection')?.toLowerCase() === 'close' || request.version === 'HTTP/1.0';
    const close = reply.close || clientWantsClose;
    const contentType = this.firmwareMajor() < FIRST_TLS12_MAJOR ? LEGACY_SOAP_CONTENT_TYPE : SOAP_CONTENT_TYPE;
    const bytes = soapResponse({
      status: reply.status,
      envelope,
      serverVersion: this.serverVersion(),
      rng: this.rng,
      close,
      contentType,
    });
    if (this.faultSet.has('trickle')) {
      await this.trickle(conn, bytes, close);
      return;
    }
    if (this.faultSet.has('dropMidResponse')) {
      conn.closed = true;
      socket.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => socket.destroy());
      return;
    }
    if (close) {
      conn.closed = true;
      socket.end(bytes);
    } else {
      socket.write(bytes);
    }
  }
}
