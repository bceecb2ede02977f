import { z } from 'zod';
import { defineModule, okPlan } from '../module.js';

const ACTIONS = [
  'flush_handlers',
  'end_play',
  'end_host',
  'end_batch',
  'clear_host_errors',
  'clear_facts',
  'noop',
  'refresh_inventory',
] as const;

const schema = z.strictObject({
  _raw_params: z.enum(ACTIONS, { error: `meta takes one of: ${ACTIONS.join(', ')}` }),
});

/** Engine actions (flush_handlers, end_play…). The engine acts on them itself; this definition validates them. */
export const metaModule = defineModule({
  name: 'meta',
  freeForm: true,
  controllerOnly: true,
  schema,
  async plan() {
    return okPlan();
  },
});
