export {
  CONFIG_DEFAULTS,
  DEFAULT_ENVIRONMENT_NAME,
  DEFAULT_LOCAL_API_KEY,
  DEFAULT_WEBHOOK_BASIC,
  EMBEDDED_BASE_URL,
} from './defaults.ts';
export { CONFIG_FILE_ENV, ENV_KEYS } from './env-keys.ts';
export { findEnvironment, resolveEnvironmentBaseUrl, resolveEnvironmentTokenUrl } from './environment-url.ts';
export { defaultConfig, type LoadConfigOptions, type LoadConfigResult, loadConfig } from './load-config.ts';
export type * from './types.ts';
