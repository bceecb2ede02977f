import { z } from 'zod';
import { defineModule, okPlan } from '../modules/module.js';
import { FACT_PROBE_NAMES, FACT_PROBES, type FactProbeName } from './fact-probes.js';
import { parseFacts } from './parse-facts.js';

const schema = z.strictObject({
  gather_subset: z.union([z.string(), z.array(z.string())]).optional(),
  filter: z.union([z.string(), z.array(z.string())]).optional(),
  gather_timeout: z.number().optional(),
});

/** Gathers facts in one round trip (the `gather_facts` step and the `setup` module). Read-only. */
export const setupModule = defineModule({
  name: 'setup',
  aliases: ['gather_facts'],
  schema,
  async plan(p, ctx) {
    const results = await ctx.transport.runBatch(FACT_PROBE_NAMES.map((n) => FACT_PROBES[n]));
    const out: Partial<Record<FactProbeName, string>> = {};
    FACT_PROBE_NAMES.forEach((n, i) => {
      out[n] = results[i]?.out ?? '';
    });
    let facts = parseFacts(out);
    if (p.filter !== undefined) {
      const patterns = (Array.isArray(p.filter) ? p.filter : [p.filter]).map(
        (f) => new RegExp(`^${f.replace(/^ansible_/, '').replace(/\*/g, '.*')}$`),
      );
      facts = Object.fromEntries(Object.entries(facts).filter(([k]) => patterns.some((re) => re.test(k))));
    }
    return okPlan({ ansible_facts: facts, _provision_gathered: true });
  },
});
