export { runPlaybooks, type RunSummary } from './run-playbooks.js';
export type { EngineOptions } from './options.js';
export { type Clock, systemClock } from './clock.js';
export type { EventListener } from './event-bus.js';
export { SecretMasker, MASK } from './secrets.js';
export { taskSelected } from './tag-filter.js';
export { serialBatches } from './play-runner.js';
