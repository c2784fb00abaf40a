// Third Party Data Storage (3PDS, "ISV storage") of one simulated device (amt-protocols.md §2.11): applications
// register with a UUID, vendor and application name, allocate named blocks, and read and write them in fragments no
// larger than the MTU. The flash outlives power cycles and simulator restarts when a state file is given; the OS
// identity (host name, install date) is kept in the same file, because a re-install changes it but not the flash.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Properties } from './envelope-writer';

/** PT_STATUS values the storage service answers with (§1.5; 0x08–0x17 are the storage ones). */
export const STORAGE_STATUS = {
  SUCCESS: 0x00,
  INTERNAL_ERROR: 0x01,
  APPLICATION_NOT_REGISTERED: 0x08,
  INVALID_REGISTRATION_DATA: 0x09,
  APPLICATION_DOES_NOT_EXIST: 0x0a,
  NOT_ENOUGH_STORAGE: 0x0b,
  INVALID_NAME: 0x0c,
  BLOCK_DOES_NOT_EXIST: 0x0d,
  INVALID_BYTE_OFFSET: 0x0e,
  INVALID_BYTE_COUNT: 0x0f,
  NOT_PERMITTED: 0x10,
  NOT_OWNER: 0x11,
  MAX_LIMIT_REACHED: 0x17,
  FLASH_WRITE_LIMIT_EXCEEDED: 0x26,
} as const;

/** Unwritten flash reads as 0xFF (Intel's PowerShell sample drops those bytes when it reads a block). */
export const UNWRITTEN_BYTE = 0xff;

/**
 * The firmware's limits. ~192 KB of flash and 4 KB API buffers come from the reference; the per-application share
 * (49152 bytes) from the size Intel's sample grants an application. MTU, block count, timeouts and the write limit
 * of real firmware could not be confirmed [unconfirmed]; the defaults are small enough for tests to reach them.
 */
export interface StorageLimits {
  /** Largest fragment one ReadBlock/WriteBlock moves; AllocateBlock sizes are multiples of it. */
  readonly mtu: number;
  readonly totalBytes: number;
  readonly bytesPerApplication: number;
  readonly maxBlocks: number;
  readonly maxApplications: number;
  readonly maxNameLength: number;
  readonly registrationTimeoutSec: number;
  readonly lockTimeoutSec: number;
  /** Writes a block accepts before its flash is worn out. */
  readonly writeEraseLimit: number;
}

export const DEFAULT_STORAGE_LIMITS: StorageLimits = {
  mtu: 1024,
  totalBytes: 192 * 1024,
  bytesPerApplication: 49152,
  maxBlocks: 32,
  maxApplications: 8,
  maxNameLength: 32,
  registrationTimeoutSec: 300,
  lockTimeoutSec: 60,
  writeEraseLimit: 10_000,
};

export interface OsIdentity {
  hostName: string;
  /** ISO date of the OS installation. */
  installedAt: string;
  /** How many times the OS was re-installed. */
  reinstalls: number;
}

interface Application {
  readonly handle: number;
  readonly uuid: string;
  readonly vendor: string;
  readonly name: string;
  readonly enterprise: string;
}

interface Block {
  readonly handle: number;
  readonly owner: number;
  name: string;
  hidden: boolean;
  data: Buffer;
  writes: number;
}

interface Session {
  readonly application: number;
  lastUsedMs: number;
}

/** What a test may inspect (and `plantBlock` may create): one block with its owner's names. */
export interface StorageBlockView {
  readonly vendor: string;
  readonly application: string;
  readonly name: string;
  readonly hidden: boolean;
  readonly data: Buffer;
  readonly writes: number;
}

interface PersistedState {
  readonly version: 1;
  readonly os: OsIdentity;
  readonly nextHandle: number;
  readonly applications: readonly Application[];
  readonly blocks: ReadonlyArray<Omit<Block, 'data'> & { readonly dataBase64: string }>;
}

export interface MethodOutcome {
  readonly returnValue: number;
  readonly output: Properties;
}

const UUID_HEX = /^[0-9a-fA-F]{32}$/;
const S = STORAGE_STATUS;

function fail(returnValue: number, output: Properties = []): MethodOutcome {
  return { returnValue, output };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value)
    return String((value as Record<string, unknown>)['#text']).trim();
  return '';
}

function uint(value: unknown): number {
  const t = text(value);
  return /^\d{1,10}$/.test(t) ? Number(t) : NaN;
}

export class ThirdPartyStorage {
  /** Off while the `noThirdPartyStorage` fault is on: the service is then unknown to the firmware. */
  available = true;
  /** While on, every WriteBlock after the first of a registration writes half its bytes and fails. */
  faultMidway = false;
  readonly os: OsIdentity;
  private readonly applications = new Map<number, Application>();
  private readonly blocks = new Map<number, Block>();
  private readonly sessions = new Map<number, Session>();
  private readonly writesPerSession = new Map<number, number>();
  private nextHandle = 1;

  constructor(
    readonly limits: StorageLimits,
    initialOs: OsIdentity,
    private readonly stateFile: string | undefined,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.os = { ...initialOs };
    if (stateFile !== undefined) {
      mkdirSync(dirname(stateFile), { recursive: true });
      this.load(stateFile);
    }
  }

  /** A new OS on the same hardware: new host name and install date; the flash stays as it is. */
  reinstall(change: { hostName?: string; installedAt?: string } = {}): OsIdentity {
    this.os.reinstalls += 1;
    this.os.hostName = change.hostName ?? `${this.os.hostName.replace(/-r\d+$/, '')}-r${this.os.reinstalls}`;
    this.os.installedAt = change.installedAt ?? new Date(this.nowMs()).toISOString();
    this.sessions.clear();
    this.save();
    return { ...this.os };
  }

  /** Every block, owner names included (test inspection). */
  listBlocks(): StorageBlockView[] {
    return [...this.blocks.values()].map((b) => {
      const app = this.applications.get(b.owner);
      return {
        vendor: app?.vendor ?? '',
        application: app?.name ?? '',
        name: b.name,
        hidden: b.hidden,
        data: Buffer.from(b.data),
        writes: b.writes,
      };
    });
  }

  /** Creates (or replaces the bytes of) a block as another application would have left it (test setup). */
  plantBlock(owner: { uuid: string; vendor: string; application: string }, name: string, data: Uint8Array): void {
    let app = [...this.applications.values()].find(
      (a) => a.vendor === owner.vendor && a.name === owner.application && a.uuid === owner.uuid,
    );
    if (!app) {
      app = {
        handle: this.nextHandle++,
        uuid: owner.uuid,
        vendor: owner.vendor,
        name: owner.application,
        enterprise: '',
      };
      this.applications.set(app.handle, app);
    }
    const existing = [...this.blocks.values()].find((b) => b.owner === app.handle && b.name === name);
    if (existing) existing.data = Buffer.from(data);
    else {
      const handle = this.nextHandle++;
      this.blocks.set(handle, { handle, owner: app.handle, name, hidden: false, data: Buffer.from(data), writes: 0 });
    }
    this.save();
  }

  /** Sets every block's write count (test setup for the write limit). */
  setWriteCount(writes: number): void {
    for (const b of this.blocks.values()) b.writes = writes;
    this.save();
  }

  /** Power loss ends registrations; the flash stays. */
  dropSessions(): void {
    this.sessions.clear();
  }

  invoke(method: string, input: Record<string, unknown>): MethodOutcome | undefined {
    if (method === 'RegisterApplication') return this.register(input);
    const handler = this.sessionMethods[method];
    if (!handler) return undefined;
    const sessionHandle = parseInt(text(input['SessionHandle']), 16);
    const session = this.session(sessionHandle);
    if (!session) return fail(S.APPLICATION_NOT_REGISTERED);
    session.lastUsedMs = this.nowMs();
    return handler(input, session, sessionHandle);
  }

  private session(handle: number): Session | undefined {
    const session = Number.isNaN(handle) ? undefined : this.sessions.get(handle);
    if (!session) return undefined;
    // Idle registrations expire after RegistrationTimeout (§2.11).
    if (this.nowMs() - session.lastUsedMs > this.limits.registrationTimeoutSec * 1000) {
      this.sessions.delete(handle);
      return undefined;
    }
    return session;
  }

  private register(input: Record<string, unknown>): MethodOutcome {
    const uuid = text(input['CallerUUID']);
    const vendor = text(input['VendorName']);
    const name = text(input['ApplicationName']);
    const enterprise = text(input['EnterpriseName']);
    if (!UUID_HEX.test(uuid)) return fail(S.INVALID_REGISTRATION_DATA);
    if (!this.validName(vendor) || !this.validName(name)) return fail(S.INVALID_NAME);
    let app = [...this.applications.values()].find(
      (a) => a.uuid.toLowerCase() === uuid.toLowerCase() && a.vendor === vendor && a.name === name,
    );
    if (!app) {
      if (this.applications.size >= this.limits.maxApplications) return fail(S.MAX_LIMIT_REACHED);
      app = { handle: this.nextHandle++, uuid, vendor, name, enterprise };
      this.applications.set(app.handle, app);
      this.save();
    }
    const handle = this.nextHandle++;
    this.sessions.set(handle, { application: app.handle, lastUsedMs: this.nowMs() });
    return { returnValue: S.SUCCESS, output: [['SessionHandle', handle.toString(16).toUpperCase()]] };
  }

  private validName(name: string): boolean {
    return name.length > 0 && name.length <= this.limits.maxNameLength && /^[\x20-\x7e]+$/.test(name);
  }

  private usedBytes(owner?: number): number {
    let sum = 0;
    for (const b of this.blocks.values()) if (owner === undefined || b.owner === owner) sum += b.data.length;
    return sum;
  }

  /** A block the session's application may see: its own, or another's that is not hidden. */
  private visibleBlock(input: Record<string, unknown>, session: Session): Block | MethodOutcome {
    const block = this.blocks.get(uint(input['BlockHandle']));
    if (!block || (block.hidden && block.owner !== session.application)) return fail(S.BLOCK_DOES_NOT_EXIST);
    return block;
  }

  private ownBlock(input: Record<string, unknown>, session: Session): Block | MethodOutcome {
    const block = this.visibleBlock(input, session);
    if (!('handle' in block)) return block;
    if (block.owner !== session.application) return fail(S.NOT_OWNER);
    return block;
  }

  private readonly sessionMethods: Readonly<
    Record<string, (input: Record<string, unknown>, session: Session, handle: number) => MethodOutcome>
  > = {
    UnregisterApplication: (_input, _session, handle) => {
      this.sessions.delete(handle);
      return fail(S.SUCCESS);
    },
    RemoveApplication: (_input, session, handle) => {
      for (const [h, b] of this.blocks) if (b.owner === session.application) this.blocks.delete(h);
      this.applications.delete(session.application);
      this.sessions.delete(handle);
      this.save();
      return fail(S.SUCCESS);
    },
    GetCurrentApplicationHandle: (_input, session) => ({
      returnValue: S.SUCCESS,
      output: [['ApplicationHandle', session.application]],
    }),
    GetRegisteredApplications: (_input, session) => {
      const vendor = this.applications.get(session.application)?.vendor;
      const handles = [...this.applications.values()].filter((a) => a.vendor === vendor).map((a) => a.handle);
      return { returnValue: S.SUCCESS, output: [['AppHandles', handles]] };
    },
    GetApplicationAttributes: (input) => {
      const app = this.applications.get(uint(input['ApplicationBeingRequested']));
      if (!app) return fail(S.APPLICATION_DOES_NOT_EXIST);
      return {
        returnValue: S.SUCCESS,
        output: [
          ['ApplicationName', app.name],
          ['VendorName', app.vendor],
        ],
      };
    },
    GetMTU: () => ({ returnValue: S.SUCCESS, output: [['Mtu', this.limits.mtu]] }),
    GetBytesAvailable: (_input, session) => ({
      returnValue: S.SUCCESS,
      output: [['BytesAvailable', this.bytesAvailable(session.application)]],
    }),
    GetTimeoutValues: () => ({
      returnValue: S.SUCCESS,
      output: [
        ['LockTimeout', this.limits.lockTimeoutSec],
        ['RegistrationTimeout', this.limits.registrationTimeoutSec],
      ],
    }),
    GetWriteEraseLimit: () => ({ returnValue: S.SUCCESS, output: [['WriteEraseLimit', this.limits.writeEraseLimit]] }),
    AllocateBlock: (input, session) => {
      const bytes = uint(input['BytesRequested']);
      const name = text(input['BlockName']);
      if (!(bytes > 0) || bytes % this.limits.mtu !== 0) return fail(S.INVALID_BYTE_COUNT);
      if (!this.validName(name)) return fail(S.INVALID_NAME);
      if (this.blocks.size >= this.limits.maxBlocks) return fail(S.MAX_LIMIT_REACHED);
      if (bytes > this.bytesAvailable(session.application)) return fail(S.NOT_ENOUGH_STORAGE);
      const handle = this.nextHandle++;
      const hidden = text(input['BlockHidden']) === '1' || text(input['BlockHidden']).toLowerCase() === 'true';
      this.blocks.set(handle, {
        handle,
        owner: session.application,
        name,
        hidden,
        data: Buffer.alloc(bytes, UNWRITTEN_BYTE),
        writes: 0,
      });
      this.save();
      return { returnValue: S.SUCCESS, output: [['BlockHandle', handle]] };
    },
    DeallocateBlock: (input, session) => {
      const block = this.ownBlock(input, session);
      if (!('handle' in block)) return block;
      this.blocks.delete(block.handle);
      this.save();
      return fail(S.SUCCESS);
    },
    GetAllocatedBlocks: (input, session) => {
      const owner = uint(input['BlockOwnerApplication']);
      if (!this.applications.has(owner)) return fail(S.APPLICATION_DOES_NOT_EXIST);
      const handles = [...this.blocks.values()]
        .filter((b) => b.owner === owner && (!b.hidden || owner === session.application))
        .map((b) => b.handle);
      return { returnValue: S.SUCCESS, output: [['BlockHandles', handles]] };
    },
    GetBlockAttributes: (input, session) => {
      const block = this.visibleBlock(input, session);
      if (!('handle' in block)) return block;
      return {
        returnValue: S.SUCCESS,
        output: [
          ['BlockHidden', block.hidden ? 'true' : 'false'],
          ['BlockName', block.name],
          ['BlockSize', block.data.length],
        ],
      };
    },
    ReadBlock: (input, session) => {
      const block = this.visibleBlock(input, session);
      if (!('handle' in block)) return block;
      if (block.owner !== session.application) return fail(S.NOT_PERMITTED);
      const offset = uint(input['ByteOffset']);
      const count = uint(input['ByteCount']);
      if (!(offset >= 0) || offset >= block.data.length) return fail(S.INVALID_BYTE_OFFSET);
      if (!(count > 0) || count > this.limits.mtu || offset + count > block.data.length)
        return fail(S.INVALID_BYTE_COUNT);
      return {
        returnValue: S.SUCCESS,
        output: [['Data', block.data.subarray(offset, offset + count).toString('base64')]],
      };
    },
    WriteBlock: (input, session, handle) => {
      const block = this.ownBlock(input, session);
      if (!('handle' in block)) return { ...block, output: [['BytesWritten', 0]] };
      const offset = uint(input['ByteOffset']);
      const data = Buffer.from(text(input['Data']), 'base64');
      const written = (n: number): Properties => [['BytesWritten', n]];
      if (!(offset >= 0) || offset >= block.data.length) return fail(S.INVALID_BYTE_OFFSET, written(0));
      if (data.length === 0 || data.length > this.limits.mtu || offset + data.length > block.data.length)
        return fail(S.INVALID_BYTE_COUNT, written(0));
      if (block.writes >= this.limits.writeEraseLimit) return fail(S.FLASH_WRITE_LIMIT_EXCEEDED, written(0));
      const earlier = this.writesPerSession.get(handle) ?? 0;
      this.writesPerSession.set(handle, earlier + 1);
      block.writes += 1;
      if (this.faultMidway && earlier >= 1) {
        // The service dies part-way through a fragment: half of it reaches the flash (BytesWritten says how much).
        const half = Math.floor(data.length / 2);
        data.copy(block.data, offset, 0, half);
        this.save();
        return fail(S.INTERNAL_ERROR, written(half));
      }
      data.copy(block.data, offset);
      this.save();
      return { returnValue: S.SUCCESS, output: written(data.length) };
    },
  };

  private bytesAvailable(application: number): number {
    return Math.max(
      0,
      Math.min(
        this.limits.totalBytes - this.usedBytes(),
        this.limits.bytesPerApplication - this.usedBytes(application),
      ),
    );
  }

  private load(file: string): void {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // first start: blank flash
      throw error;
    }
    const state = JSON.parse(raw) as PersistedState;
    if (state.version !== 1)
      throw new Error(`simulator storage file ${file} has unknown version ${String(state.version)}`);
    Object.assign(this.os, state.os);
    this.nextHandle = state.nextHandle;
    for (const app of state.applications) this.applications.set(app.handle, app);
    for (const b of state.blocks) {
      this.blocks.set(b.handle, {
        handle: b.handle,
        owner: b.owner,
        name: b.name,
        hidden: b.hidden,
        writes: b.writes,
        data: Buffer.from(b.dataBase64, 'base64'),
      });
    }
  }

  private save(): void {
    if (this.stateFile === undefined) return;
    const state: PersistedState = {
      version: 1,
      os: this.os,
      nextHandle: this.nextHandle,
      applications: [...this.applications.values()],
      blocks: [...this.blocks.values()].map(({ data, ...rest }) => ({ ...rest, dataBase64: data.toString('base64') })),
    };
    // Write then rename: a simulator killed mid-write keeps the previous flash, as the ME would.
    const temp = `${this.stateFile}.tmp`;
    writeFileSync(temp, JSON.stringify(state));
    renameSync(temp, this.stateFile);
  }
}
