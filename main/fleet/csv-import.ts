// Imports clients from CSV (mission M2/M6): a header row naming the columns, then one client per row.
// Bad rows are reported by their line and skipped; good rows are upserted by host name in one transaction.

import { isAmtError, type RelayId } from '../../shared/domain';
import type { ClientFields, Store } from '../store/index';
import { parseCsv, DEFAULT_CSV_LIMITS, type CsvRecord } from './csv-parser';
import { columnOf, COLUMN_LABEL, REQUIRED_COLUMNS, type CsvColumn } from './csv-columns';
import { validateClientFields } from './client-validation';

export interface CsvImportOptions {
  /** Relay for rows whose relay cell is empty (or when there is no relay column). */
  readonly relayId?: RelayId | null;
  readonly maxBytes?: number;
  readonly maxRows?: number;
}

export interface CsvImportError {
  readonly line: number;
  readonly message: string;
}

export interface CsvImportSummary {
  readonly added: number;
  readonly updated: number;
  readonly errors: readonly CsvImportError[];
}

const MAX_CELL_LENGTH = 255;
const NOT_AVAILABLE = /^(n\/?a|none|-)$/i;
const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'on', 'enabled']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', 'off', 'disabled']);

class RowError extends Error {}

function headerMap(header: CsvRecord): Map<CsvColumn, number> | CsvImportError {
  const map = new Map<CsvColumn, number>();
  for (const [index, cell] of header.fields.entries()) {
    const column = columnOf(cell);
    if (column === undefined) continue; // extra columns from inventory tools are ignored
    if (map.has(column))
      return {
        line: header.line,
        message: `The header names the ${COLUMN_LABEL[column]} column twice ("${cell.trim()}").`,
      };
    map.set(column, index);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !map.has(c)).map((c) => COLUMN_LABEL[c]);
  if (missing.length > 0) {
    return {
      line: header.line,
      message: `The first line must be a header naming the columns; it has no ${missing.join(' and no ')} column.`,
    };
  }
  return map;
}

function parseRow(
  record: CsvRecord,
  columns: Map<CsvColumn, number>,
  headerWidth: number,
  relayByName: (name: string) => RelayId | undefined,
  defaultRelay: RelayId | null,
): ClientFields {
  if (record.fields.length > headerWidth)
    throw new RowError(`${record.fields.length} values, but the header has ${headerWidth} columns.`);
  const cell = (column: CsvColumn): string | undefined => {
    const index = columns.get(column);
    if (index === undefined) return undefined;
    const value = (record.fields[index] ?? '').trim();
    if (value.length > MAX_CELL_LENGTH)
      throw new RowError(`the ${COLUMN_LABEL[column]} is longer than ${MAX_CELL_LENGTH} characters.`);
    return value;
  };
  // Absent column → key left out (an update keeps the stored value); empty cell → null (cleared).
  const fields: { -readonly [K in keyof ClientFields]?: ClientFields[K] } = {};

  const amtPort = cell('amtPort');
  if (amtPort !== undefined) {
    if (amtPort === '') fields.amtPort = null;
    else if (!/^\d{1,5}$/.test(amtPort)) throw new RowError(`"${amtPort}" is not a port number (1-65535).`);
    else fields.amtPort = Number(amtPort);
  }
  const mac = cell('mac');
  if (mac !== undefined) fields.mac = mac === '' ? null : mac;
  const mask = cell('subnetMask');
  if (mask !== undefined) fields.subnetMask = mask === '' ? null : mask;
  const relay = cell('relay');
  if (relay !== undefined && relay !== '') {
    const id = relayByName(relay);
    if (id === undefined)
      throw new RowError(`there is no relay named "${relay}"; add the relay first, then import again.`);
    fields.relayId = id;
  } else if (defaultRelay !== null || relay !== undefined) {
    fields.relayId = defaultRelay;
  }
  const os = cell('os');
  if (os !== undefined) fields.os = os === '' ? null : os;
  const agent = cell('agentVersion');
  if (agent !== undefined) fields.agentVersion = agent === '' ? null : agent;
  const dhcp = cell('dhcp');
  if (dhcp !== undefined) {
    const word = dhcp.toLowerCase();
    if (word === '') fields.dhcp = null;
    else if (TRUE_WORDS.has(word)) fields.dhcp = true;
    else if (FALSE_WORDS.has(word)) fields.dhcp = false;
    else throw new RowError(`DHCP is "${dhcp}"; write yes or no (true/false, 1/0 also work).`);
  }
  const amtVersion = cell('amtVersion');
  if (amtVersion !== undefined)
    fields.amtVersion = amtVersion === '' || NOT_AVAILABLE.test(amtVersion) ? null : amtVersion;
  try {
    return validateClientFields({ ...fields, hostName: cell('hostName') ?? '', ip: cell('ip') ?? '' });
  } catch (error) {
    if (isAmtError(error)) throw new RowError(error.message);
    throw error;
  }
}

/** Imports `csv` into the store; never throws for bad content (it is reported in `errors`). */
export function importClientsCsv(store: Store, csv: string, options: CsvImportOptions = {}): CsvImportSummary {
  let records: CsvRecord[];
  try {
    records = parseCsv(csv, {
      maxBytes: options.maxBytes ?? DEFAULT_CSV_LIMITS.maxBytes,
      maxRecords: (options.maxRows ?? DEFAULT_CSV_LIMITS.maxRecords) + 1,
    });
  } catch (error) {
    if (!isAmtError(error)) throw error;
    const m = /^Line (\d+): (.*)$/.exec(error.message);
    return {
      added: 0,
      updated: 0,
      errors: [m ? { line: Number(m[1]), message: capitalise(m[2] as string) } : { line: 1, message: error.message }],
    };
  }
  const header = records[0];
  if (!header)
    return {
      added: 0,
      updated: 0,
      errors: [{ line: 1, message: 'The file is empty: expected a header line and one line per client.' }],
    };
  const columns = headerMap(header);
  if (!(columns instanceof Map)) return { added: 0, updated: 0, errors: [columns] };

  const defaultRelay = options.relayId ?? null;
  if (defaultRelay !== null && !store.relays.get(defaultRelay)) {
    return {
      added: 0,
      updated: 0,
      errors: [{ line: 1, message: `The relay chosen for this import (#${defaultRelay}) does not exist.` }],
    };
  }
  const relayIds = new Map<string, RelayId | undefined>();
  const relayByName = (name: string): RelayId | undefined => {
    const key = name.toLowerCase();
    if (!relayIds.has(key)) relayIds.set(key, store.relays.getByName(name)?.id);
    return relayIds.get(key);
  };

  const errors: CsvImportError[] = [];
  const seen = new Map<string, number>();
  let added = 0;
  let updated = 0;
  store.transaction(() => {
    for (const record of records.slice(1)) {
      try {
        const fields = parseRow(record, columns, header.fields.length, relayByName, defaultRelay);
        const key = fields.hostName.toLowerCase();
        const earlier = seen.get(key);
        if (earlier !== undefined) throw new RowError(`host name "${fields.hostName}" is already on line ${earlier}.`);
        seen.set(key, record.line);
        if (store.clients.upsertByHostName(fields).created) added++;
        else updated++;
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        errors.push({ line: record.line, message: capitalise(error.message) });
      }
    }
  });
  return { added, updated, errors };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
