// The console's own side of the prerequisites (seed §2.7.6): it keys clients by host name, and it speaks
// the redirection protocol itself (mission M5), so it counts as a managing side at 08-51, the first
// version of the product with the remote control facility.

import type { PrerequisiteContext } from './evaluate-prerequisites';
import { HOST_NAME_ID_KEY } from './prerequisite-rules';

export const CONSOLE_PREREQUISITE_CONTEXT: PrerequisiteContext = { managingVersion: '08-51', idKey: HOST_NAME_ID_KEY };
