import type { ErrorCodeTable } from './types.js';

/** PRV3xx — template errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const templateCodes: ErrorCodeTable = {};
