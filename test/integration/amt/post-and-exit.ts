// Child process for transport-digest.test.ts: posts once through a pooled transport and then simply ends
// its script WITHOUT closing anything. The process must still exit: idle sockets and timers are unref'd.
import { MemoryPinStore, TransportPool } from '../../../main/amt';

const [host = '', portText = '', user = '', password = ''] = process.argv.slice(2);
const pool = new TransportPool({ idleCloseMs: 600_000 });
const transport = pool.get({
  endpoint: { host, httpPort: Number(portText), tlsPort: 1 },
  credentials: { user, password },
  tlsPolicy: 'http-only',
  pins: new MemoryPinStore(),
});
const response = await transport.post('<s:Envelope/>');
process.stdout.write(`status ${response.status} requests ${transport.stats.requests}\n`);
