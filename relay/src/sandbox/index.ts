export { type Clock, createFakeClock, type FakeClock, SANDBOX_DURATIONS, systemClock } from './clock.ts';
export { createSandboxCore, SandboxCore } from './core.ts';
export { DEFAULT_SANDBOX_PARTNER, type SandboxPartnerConfig } from './credentials.ts';
export { APPROVABLE_PHONE, SSN_PERSONAS } from './decisioning.ts';
export type { SandboxOptions } from './options.ts';
export { type SandboxPluginOptions, sandboxPlugin } from './plugin.ts';
