export { errorCodes } from './codes/index.js';
export type { ErrorCodeInfo, ErrorCodeTable } from './codes/types.js';
export * from './location.js';
export * from './provision-error.js';
export * from './remote-command-error.js';
export * from './suggest.js';
