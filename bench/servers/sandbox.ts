/** The Avvance sandbox standalone (relay/src/sandbox/standalone.ts' plugin, logs off) on a free port. */
import Fastify from 'fastify';
import { sandboxPlugin } from '../../relay/src/sandbox/index.ts';
import { childReady } from '../lib/util.ts';

const app = Fastify({ logger: false });
await app.register(sandboxPlugin, {});
await app.listen({ host: '127.0.0.1', port: 0 });
const a = app.server.address();
const port = typeof a === 'object' && a ? a.port : 0;
childReady({ url: `http://127.0.0.1:${port}` }, () => app.close());
