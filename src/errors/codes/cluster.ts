import type { ErrorCodeTable } from './types.js';

/** PRV7xx — cluster errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const clusterCodes: ErrorCodeTable = {};
