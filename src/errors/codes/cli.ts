import type { ErrorCodeTable } from './types.js';

/** PRV8xx — cli errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const cliCodes: ErrorCodeTable = {};
