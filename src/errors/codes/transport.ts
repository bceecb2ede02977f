import type { ErrorCodeTable } from './types.js';

/** PRV5xx — transport errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const transportCodes: ErrorCodeTable = {
  PRV501: {
    title: 'Cannot start a command on the host',
    hint: 'Check that /bin/sh exists on the host and the connection works (`provision -m ping` style: run with -vvv).',
  },
  PRV502: {
    title: 'A batch of read-only probes failed as a whole',
    hint: 'The host could not create a temp directory (mktemp -d); check /tmp is writable and not full.',
  },
  PRV503: {
    title: 'Cannot write a file on the host',
    hint: 'Check the directory exists and is writable by the (become) user; use become: true for root-owned paths.',
  },
  PRV504: {
    title: 'Cannot read a file on the host',
    hint: 'Check the path exists and is readable by the (become) user.',
  },
};
