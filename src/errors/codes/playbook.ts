import type { ErrorCodeTable } from './types.js';

/** PRV2xx — playbook errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const playbookCodes: ErrorCodeTable = {};
