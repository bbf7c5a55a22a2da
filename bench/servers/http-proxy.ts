/** Peer baseline: @fastify/http-proxy in front of the upstream given as argv[2]. */
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import { childReady } from '../lib/util.ts';

const upstream = process.argv[2] ?? '';
const app = Fastify({ logger: false });
await app.register(proxy, { upstream, prefix: '/', http: { agentOptions: { keepAlive: true } } } as never);
await app.listen({ host: '127.0.0.1', port: 0 });
const a = app.server.address();
const port = typeof a === 'object' && a ? a.port : 0;
childReady({ url: `http://127.0.0.1:${port}` }, () => app.close());
