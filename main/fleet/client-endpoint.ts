// Where a client's AMT answers: its IP at 16992/16993, or ip:amtPort with TLS on the next port (the way
// amtctl reads host:port and a simulated fleet on one address is stored). One rule for the API and jobs.

import type { Client } from '../../shared/domain';
import { AMT_HTTP_PORT, AMT_TLS_PORT, type AmtEndpoint } from '../amt/index';

export function clientEndpoint(client: Pick<Client, 'ip' | 'amtPort'>): AmtEndpoint {
  if (client.amtPort === null) return { host: client.ip, httpPort: AMT_HTTP_PORT, tlsPort: AMT_TLS_PORT };
  return { host: client.ip, httpPort: client.amtPort, tlsPort: client.amtPort + 1 };
}
