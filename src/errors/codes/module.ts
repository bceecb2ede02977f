import type { ErrorCodeTable } from './types.js';

/** PRV4xx — module errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const moduleCodes: ErrorCodeTable = {
  PRV401: {
    title: 'A command failed on the host',
    hint: "Read the command's stderr above; fix the cause on the host or the task's arguments.",
  },
};
