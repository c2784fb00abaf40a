// Child process of kill-mid-write.test.ts: opens the store and writes batches of audit rows, one transaction per
// batch, printing "batch <n>" after each commit, until killed (or a bounded number of batches).
// Usage: node --import tsx kill-writer.ts <db path> <key file> <rows per batch> <max batches>

import { keyFileProvider, openStore } from '../../../main/store/index';

const [path, keyFile, perBatchText, maxBatchesText] = process.argv.slice(2);
if (!path || !keyFile || !perBatchText || !maxBatchesText)
  throw new Error('usage: kill-writer <db> <key file> <rows per batch> <max batches>');
const perBatch = Number(perBatchText);
const maxBatches = Number(maxBatchesText);

const store = openStore(path, { keyProvider: keyFileProvider(keyFile) });
for (let batch = 1; batch <= maxBatches; batch++) {
  store.transaction(() => {
    for (let row = 0; row < perBatch; row++) {
      // Large-ish rows so each transaction spans several pages and a kill can land mid-commit.
      store.audit.record({
        actor: 'kill-writer',
        action: 'write',
        target: `batch-${batch}`,
        result: 'ok',
        detail: `${row}:${'x'.repeat(500)}`,
      });
    }
    // A client per batch too, so the check covers more than one table and index.
    store.clients.add({ hostName: `killed-${batch}`, ip: '10.9.0.1' });
  });
  process.stdout.write(`batch ${batch}\n`);
}
store.close();
process.stdout.write('done\n');
