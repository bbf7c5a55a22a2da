export { type BackplanePluginOptions, backplanePlugin, backplaneRedis } from './plugin.ts';
export { RedisBackplane, type RedisBackplaneOptions } from './redis.ts';
export {
  type Backplane,
  type BackplaneAttachOptions,
  type BackplaneHost,
  MemoryBackplane,
  metaOf,
  type SessionMeta,
  type SharedEntry,
} from './types.ts';
