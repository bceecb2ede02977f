import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OptionsError } from '../errors/index.js';
import { parseKvArgs } from '../playbook/kv-args.js';
import { parseYamlSource, YamlSyntaxError } from '../yaml-source/index.js';

/** -e values: `k=v k2=v2`, a JSON/YAML object, or `@file` (YAML or JSON). Later ones win. */
export function parseExtraVars(values: readonly string[], cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    const text = v.trim();
    if (text.startsWith('@')) {
      const file = resolve(cwd, text.slice(1));
      if (!existsSync(file))
        throw new OptionsError({ code: 'PRV801', message: `extra vars file not found: ${text.slice(1)}` });
      Object.assign(out, parseMap(readFileSync(file, 'utf8'), file));
    } else if (text.startsWith('{')) {
      Object.assign(out, parseMap(text, '-e'));
    } else if (text !== '') {
      try {
        Object.assign(out, parseKvArgs(text, false));
      } catch (e) {
        throw new OptionsError({
          code: 'PRV802',
          message: `cannot read -e '${text}': ${(e as Error).message}`,
        });
      }
    }
  }
  return out;
}

function parseMap(text: string, file: string): Record<string, unknown> {
  try {
    const src = parseYamlSource(text, file);
    if (src.value === null || typeof src.value !== 'object' || Array.isArray(src.value)) {
      throw new OptionsError({ code: 'PRV802', message: `extra vars in ${file} must be a map` });
    }
    return src.value as Record<string, unknown>;
  } catch (e) {
    if (e instanceof YamlSyntaxError) {
      throw new OptionsError({
        code: 'PRV802',
        message: `extra vars: ${e.problem.message}`,
        location: e.problem.location,
      });
    }
    throw e;
  }
}
