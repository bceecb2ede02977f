import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ModuleError } from '../../errors/index.js';
import { parseYamlSource } from '../../yaml-source/index.js';
import { defineModule, okPlan } from '../module.js';

const schema = z.strictObject({
  _raw_params: z.string().optional(),
  file: z.string().optional(),
  dir: z.string().optional(),
  name: z.string().optional(),
  files_matching: z.string().optional(),
});

/** Loads variables from YAML/JSON files on the controller (a role's vars/ first) at include_vars precedence. */
export const includeVarsModule = defineModule({
  name: 'include_vars',
  freeForm: true,
  controllerOnly: true,
  schema,
  async plan(p, ctx) {
    const fail = (message: string) =>
      new ModuleError({ code: 'PRV402', host: ctx.host, task: ctx.task, message });
    const target = p.file ?? p._raw_params;
    let files: string[];
    if (p.dir !== undefined) {
      const dir = ctx.files.resolve(p.dir, 'vars');
      const re = p.files_matching ? new RegExp(p.files_matching) : /\.(ya?ml|json)$/;
      files = readdirSync(dir)
        .sort()
        .filter((f) => re.test(f))
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).isFile());
    } else if (target !== undefined) {
      files = [ctx.files.resolve(target, 'vars')];
    } else throw fail('include_vars needs a file or dir');
    const vars: Record<string, unknown> = {};
    for (const f of files) {
      const src = parseYamlSource(readFileSync(f, 'utf8'), f);
      if (src.value === null || src.value === undefined) continue;
      if (typeof src.value !== 'object' || Array.isArray(src.value))
        throw fail(`${f} must be a map of variables`);
      Object.assign(vars, src.value);
    }
    const loaded = p.name ? { [p.name]: vars } : vars;
    return okPlan({ _provision_include_vars: loaded, ansible_included_var_files: files });
  },
});
