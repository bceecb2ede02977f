export * from './precedence.js';
export * from './scope.js';
