import type { ErrorCodeTable } from './types.js';

/** PRV6xx — lab errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const labCodes: ErrorCodeTable = {};
