// ESLint for the whole tree; the configuration and the linter's own install live in tools/lint/.
import { createConfig } from './tools/lint/config.mjs';

export default createConfig(import.meta.dirname);
