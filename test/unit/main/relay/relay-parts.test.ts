// The relay's small parts: one-time codes (format, case and dashes ignored, single use, replaced, expired, bound
// to both certificates), the work record on disk (kept across a restart, bounded, a damaged file refused), the
// identity files (made once, a half pair refused), and `amtctl relay`'s arguments (each mistake names its option).
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CertFingerprint, RelayId } from '../../../../shared/domain';
import { parseRelayArgs } from '../../../../main/cli/relay-args';
import {
  EnrolmentCodes,
  enrolmentProof,
  loadOrCreateIdentity,
  MAX_WORK_RECORDS,
  RelayWorkRecord,
  WORK_FILE,
} from '../../../../main/relay/index';

const dir = mkdtempSync(join(tmpdir(), 'amt-console-relay-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONSOLE = Array.from({ length: 32 }, () => 'c0').join(':') as CertFingerprint;
const RELAY = Array.from({ length: 32 }, () => 'a1').join(':') as CertFingerprint;
const OTHER = Array.from({ length: 32 }, () => 'ee').join(':') as CertFingerprint;

describe('enrolment codes', () => {
  it('issues a 16-character code in groups of four and redeems it once, whatever its case and dashes', () => {
    const codes = new EnrolmentCodes(() => 1_000);
    const issued = codes.issue(7 as RelayId);
    expect(issued.code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
    const typed = issued.code.toLowerCase().replaceAll('-', ' ');
    expect(codes.redeem(enrolmentProof(typed, 'relay', CONSOLE, RELAY), CONSOLE, RELAY)).toMatchObject({
      ok: true,
      relayId: 7,
    });
    expect(codes.redeem(enrolmentProof(typed, 'relay', CONSOLE, RELAY), CONSOLE, RELAY)).toMatchObject({
      ok: false,
      reason: 'used',
    });
  });

  it('refuses a proof made over another certificate, a replaced code and an expired one', () => {
    let now = 0;
    const codes = new EnrolmentCodes(() => now, 60_000);
    const first = codes.issue(1 as RelayId);
    expect(codes.redeem(enrolmentProof(first.code, 'relay', OTHER, RELAY), CONSOLE, RELAY)).toMatchObject({
      ok: false,
      reason: 'no-match',
    });
    // The console's proof is not the relay's: a peer cannot echo one as the other.
    expect(codes.redeem(enrolmentProof(first.code, 'console', CONSOLE, RELAY), CONSOLE, RELAY)).toMatchObject({
      ok: false,
      reason: 'no-match',
    });
    const second = codes.issue(1 as RelayId);
    const replaced = codes.redeem(enrolmentProof(first.code, 'relay', CONSOLE, RELAY), CONSOLE, RELAY);
    expect(replaced).toMatchObject({
      ok: false,
      reason: 'used',
      words: 'the enrolment code was replaced by a newer one; show a new code in the console',
    });
    now = 60_001;
    expect(codes.redeem(enrolmentProof(second.code, 'relay', CONSOLE, RELAY), CONSOLE, RELAY)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('the relay work record', () => {
  it('keeps started and done steps across a restart and stays bounded', () => {
    const folder = join(dir, 'work');
    const record = new RelayWorkRecord(folder.replace(/work$/, ''));
    record.started('req-1', 'power', 5, 'now');
    const again = new RelayWorkRecord(folder.replace(/work$/, ''));
    expect(again.unfinished().map((e) => e.requestId)).toEqual(['req-1']);
    again.done('req-1', { ok: true, value: { op: 'power' } });
    for (let i = 0; i < MAX_WORK_RECORDS + 10; i++) {
      again.started(`bulk-${i}`, 'boot-bios', 5, 'now');
      again.done(`bulk-${i}`, { ok: true, value: { op: 'boot-bios' } });
    }
    expect(again.size).toBe(MAX_WORK_RECORDS);
    expect(new RelayWorkRecord(folder.replace(/work$/, '')).size).toBe(MAX_WORK_RECORDS);
  });

  it('refuses a damaged work file with its name', () => {
    const folder = mkdtempSync(join(dir, 'damaged-'));
    writeFileSync(join(folder, WORK_FILE), '{ not json\n{"requestId":"a"}\n');
    expect(() => new RelayWorkRecord(folder)).toThrow(`${join(folder, WORK_FILE)} is not readable JSON lines (line 1)`);
    // A last line torn by a crash mid-write is left out; the lines before it count.
    writeFileSync(
      join(folder, WORK_FILE),
      '{"requestId":"a","op":"power","clientId":1,"startedAt":"x","outcome":null}\n{"reque',
    );
    expect(new RelayWorkRecord(folder).unfinished().map((e) => e.requestId)).toEqual(['a']);
  });
});

describe('identity files', () => {
  it('makes an identity once, reads the same one after, and refuses a half pair', () => {
    const folder = join(dir, 'identity');
    const made = loadOrCreateIdentity(folder, 'relay', 'relay on test');
    expect(loadOrCreateIdentity(folder, 'relay', 'ignored').fingerprint).toBe(made.fingerprint);
    unlinkSync(join(folder, 'relay-cert.pem'));
    expect(() => loadOrCreateIdentity(folder, 'relay', 'x')).toThrow(
      /relay-cert\.pem is missing while .*relay-key\.pem exists/,
    );
  });
});

describe('amtctl relay arguments', () => {
  it('reads every option', () => {
    const args = parseRelayArgs([
      '--data',
      'd',
      '--console',
      '10.0.0.1:16999',
      '--code',
      'ABCD-EFGH',
      '--subnet',
      '10.1.0.0/16',
      '--wol-port',
      '7',
      '--wol-to-client',
      '--tls-policy',
      'tls-only',
    ]);
    expect(args).toMatchObject({
      data: 'd',
      console: { host: '10.0.0.1', port: 16999 },
      code: 'ABCD-EFGH',
      subnets: ['10.1.0.0/16'],
      wolPort: 7,
      wolToClient: true,
      tlsPolicy: 'tls-only',
    });
  });

  it.each([
    [['--console', 'x:1'], /amtctl relay needs --data DIR/],
    [['--data', 'd', '--console', 'nohost'], /--console needs HOST:PORT \(got nohost\)/],
    [['--data', 'd', '--console', 'h:70000'], /--console needs a port from 1 to 65535 \(got 70000\)/],
    [['--data', 'd', '--subnet', '300.0.0.0/8'], /--subnet needs an IPv4 subnet/],
    [['--data', 'd', '--tls-policy', 'none'], /--tls-policy is one of tls-only, tls-then-http, http-only \(got none\)/],
    [['--data', 'd', '--code', '--'], /--code needs the code the console shows/],
    [['--data', 'd', '--bogus'], /unknown option --bogus/],
  ])('refuses %j naming the option', (argv, words) => {
    expect(() => parseRelayArgs(argv)).toThrow(words);
  });
});
