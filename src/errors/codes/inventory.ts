import type { ErrorCodeTable } from './types.js';

/** PRV1xx — inventory errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const inventoryCodes: ErrorCodeTable = {};
