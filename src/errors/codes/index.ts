import { cliCodes } from './cli.js';
import { clusterCodes } from './cluster.js';
import { inventoryCodes } from './inventory.js';
import { labCodes } from './lab.js';
import { moduleCodes } from './module.js';
import { playbookCodes } from './playbook.js';
import { runCodes } from './run.js';
import { templateCodes } from './template.js';
import { transportCodes } from './transport.js';
import type { ErrorCodeTable } from './types.js';

const internalCodes: ErrorCodeTable = {
  PRV900: {
    title: 'Internal error',
    hint: 'This is a bug in provision. Re-run with -vvv and report the output (secrets are masked).',
  },
};

/** Every error code, by range: 1xx inventory, 2xx playbook, 3xx template, 4xx module, 5xx transport, 6xx lab,
 * 7xx cluster, 8xx cli, 9xx internal. */
export const errorCodes: ErrorCodeTable = {
  ...inventoryCodes,
  ...playbookCodes,
  ...templateCodes,
  ...runCodes,
  ...moduleCodes,
  ...transportCodes,
  ...labCodes,
  ...clusterCodes,
  ...cliCodes,
  ...internalCodes,
};
