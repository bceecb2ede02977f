export { FACT_PROBES } from './fact-probes.js';
export { type Facts, parseFacts } from './parse-facts.js';
export { setupModule } from './setup-module.js';
