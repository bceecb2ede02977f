import { z } from 'zod';
import { defineModule } from '../module.js';

const schema = z.strictObject({ msg: z.unknown().optional() });

/** Fails the host with a message. */
export const failModule = defineModule({
  name: 'fail',
  controllerOnly: true,
  schema,
  async plan(p) {
    const msg =
      p.msg === undefined
        ? 'Failed as requested from task'
        : typeof p.msg === 'string'
          ? p.msg
          : JSON.stringify(p.msg);
    return { outcome: 'ok', result: { changed: false, failed: true, msg } };
  },
});
