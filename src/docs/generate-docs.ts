import { z } from 'zod';
import { errorCodes } from '../errors/codes/index.js';
import type { ModuleRegistry } from '../modules/registry.js';

const RANGES: [string, string][] = [
  ['PRV1', 'Inventory'],
  ['PRV2', 'Playbooks'],
  ['PRV3', 'Templates, expressions and variables'],
  ['PRV4', 'Modules and task execution'],
  ['PRV5', 'Transport (SSH and local)'],
  ['PRV6', 'Lab'],
  ['PRV7', 'Cluster model'],
  ['PRV8', 'Command line'],
  ['PRV9', 'Internal'],
];

/** docs/errors.md: every error code with what it means and how to fix it. */
export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Every error provision reports has a stable code, a location (file:line:col, or host and task) and a hint.',
    'This file is generated from `src/errors/codes/` (`npm run docs`); a test fails when it is out of date.',
    '',
  ];
  const codes = Object.keys(errorCodes).sort();
  for (const [prefix, title] of RANGES) {
    const inRange = codes.filter((c) => c.startsWith(prefix));
    if (inRange.length === 0) continue;
    lines.push(`## ${title}`, '', '| code | what went wrong | how to fix it |', '|---|---|---|');
    for (const c of inRange) {
      const info = errorCodes[c]!;
      lines.push(`| ${c} | ${escapeCell(info.title)} | ${escapeCell(info.hint)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeName(schema: z.ZodType): string {
  const def = (
    schema as unknown as {
      def?: { type?: string; innerType?: z.ZodType; options?: z.ZodType[]; entries?: Record<string, string> };
    }
  ).def;
  if (!def) return 'any';
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
      return def.innerType ? typeName(def.innerType) : 'any';
    case 'enum':
      return Object.values(def.entries ?? {})
        .map((v) => `\`${v}\``)
        .join(' \\| ');
    case 'union':
      return (def.options ?? []).map(typeName).join(' or ');
    case 'pipe':
      return typeName((def as unknown as { out: z.ZodType }).out);
    default:
      return def.type ?? 'any';
  }
}

/** docs/modules.md: each module with its names and parameters, from the schemas themselves. */
export function modulesMarkdown(registry: ModuleRegistry): string {
  const lines = [
    '# Modules',
    '',
    "Generated from the modules' schemas (`npm run docs`). Every module also answers to `ansible.builtin.NAME`,",
    '`ansible.posix.NAME` and `community.general.NAME`. Modules run POSIX shell and coreutils on the host: no Python.',
    '',
  ];
  for (const name of registry.names()) {
    const mod = registry.get(name)!;
    if (mod.name !== name) continue;
    lines.push(`## ${name}`, '');
    if (mod.aliases?.length) lines.push(`Also: ${mod.aliases.map((a) => `\`${a}\``).join(', ')}.`, '');
    if (mod.freeForm) lines.push('Takes free-form text: `' + name + ': TEXT`.', '');
    if (mod.schema instanceof z.ZodObject) {
      const shape = mod.schema.shape as Record<string, z.ZodType>;
      const params = Object.entries(shape).filter(([k]) => !k.startsWith('_'));
      if (params.length > 0) {
        lines.push('| parameter | type | required |', '|---|---|---|');
        for (const [k, v] of params)
          lines.push(
            `| ${k} | ${escapeCell(typeName(v))} | ${v.safeParse(undefined).success ? '' : 'yes'} |`,
          );
        lines.push('');
      }
    } else lines.push('Takes any `name: value` pairs.', '');
  }
  return lines.join('\n');
}
