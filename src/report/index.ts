export * from './event-schema.js';
export { jsonRenderer } from './json-renderer.js';
export { plainRenderer, recapLine } from './plain-renderer.js';
export { unifiedDiff } from './unified-diff.js';
