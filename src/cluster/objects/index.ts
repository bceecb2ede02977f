export * from './core.js';
export * from './meta.js';
export * from './node.js';
export * from './pod.js';
export * from './quantity.js';
export * from './selectors.js';
export * from './taints.js';
export * from './workloads.js';
