export { type Clock, systemClock } from './clock.js';
export type { EventListener } from './event-bus.js';
export type { EngineOptions } from './options.js';
export { selectPlayHosts, serialBatches } from './play-runner.js';
export { type RunSummary, runPlaybooks } from './run-playbooks.js';
export { MASK, SecretMasker } from './secrets.js';
export { taskSelected } from './tag-filter.js';
