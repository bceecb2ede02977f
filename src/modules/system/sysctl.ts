import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleResult, okPlan, unknownPlan } from '../module.js';
import { boolParam, pathParam } from '../params.js';
import {
  catProbe,
  fileDiff,
  moduleError,
  pendingAmong,
  probe,
  probeError,
  putOnHost,
  runSteps,
} from './remote.js';

const scalar = z.union([z.string(), z.number()]).transform((v) => String(v));
const schema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_./*-]*$/, 'expected a sysctl key such as net.ipv4.ip_forward')
      .optional(),
    key: z.string().min(1).optional(),
    value: scalar.optional(),
    val: scalar.optional(),
    state: z.enum(['present', 'absent']).default('present'),
    sysctl_file: pathParam.default('/etc/sysctl.conf'),
    reload: boolParam.default(true),
    sysctl_set: boolParam.default(false),
    ignoreerrors: boolParam.default(false),
  })
  .superRefine((p, ctx) => {
    if ((p.name ?? p.key) === undefined)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'name is required' });
    if (p.name !== undefined && p.key !== undefined)
      ctx.addIssue({ code: 'custom', message: 'name and key are the same parameter' });
    if (p.state === 'present' && (p.value ?? p.val) === undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'value is required with state: present' });
  });
type Params = z.infer<typeof schema>;

/** sysctl's key ↔ /proc path mapping: dots are separators, a slash stands for a dot inside one name (eth0.100). */
export function procPath(key: string): string {
  return `/proc/sys/${[...key].map((c) => (c === '.' ? '/' : c === '/' ? '.' : c)).join('')}`;
}

/** Values compare as sysctl prints them: whitespace-separated words. */
export function normalizeValue(v: string): string {
  return v.trim().split(/\s+/).join(' ');
}

/** Pure: the file after setting (or removing) `key`; the first entry is rewritten in place, duplicates dropped. */
export function editSysctlFile(content: string, key: string, value: string | undefined): string {
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let written = false;
  for (const line of lines) {
    const m = /^\s*([^#;=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] === key) {
      if (value !== undefined && !written) out.push(`${key}=${value}`);
      written = true;
      continue;
    }
    out.push(line);
  }
  if (value !== undefined && !written) out.push(`${key}=${value}`);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** The value the file gives `key` (the last entry wins, as sysctl -p applies them in order). */
export function fileValue(content: string, key: string): string | undefined {
  let found: string | undefined;
  for (const line of content.split('\n')) {
    const m = /^\s*([^#;=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] === key) found = m[2];
  }
  return found;
}

function reloadCommand(p: Params, key: string, value: string | undefined): string {
  const file = shellQuote(p.sysctl_file);
  const proc =
    value === undefined ? ':' : `printf '%s\\n' ${shellQuote(value)} > ${shellQuote(procPath(key))}`;
  return `if command -v sysctl >/dev/null 2>&1; then sysctl ${p.ignoreerrors ? '-e ' : ''}-p ${file}; else ${proc}; fi`;
}

function setCommand(key: string, value: string): string {
  return `if command -v sysctl >/dev/null 2>&1; then sysctl -w ${shellQuote(`${key}=${value}`)}; else printf '%s\\n' ${shellQuote(value)} > ${shellQuote(procPath(key))}; fi`;
}

export const sysctlModule = defineModule<Params>({
  name: 'sysctl',
  schema,
  async plan(p, ctx) {
    const key = (p.name ?? p.key ?? '').trim();
    const wanted = p.state === 'present' ? normalizeValue(p.value ?? p.val ?? '') : undefined;
    const proc = procPath(key);
    const [fileRes, procRes] = await probe(ctx, [catProbe(p.sysctl_file), `cat -- ${shellQuote(proc)}`]);
    if (!fileRes || (fileRes.rc !== 0 && fileRes.rc !== 3))
      throw probeError(ctx, catProbe(p.sysctl_file), fileRes?.err ?? '');
    const before = fileRes.rc === 0 ? fileRes.out : '';
    const live = procRes?.rc === 0 ? normalizeValue(procRes.out) : undefined;
    const after = editSysctlFile(before, key, wanted);
    const current = fileValue(before, key);
    const fileChanges =
      wanted === undefined ? after !== before : current === undefined || normalizeValue(current) !== wanted;
    const needsKernel = p.state === 'present' && (p.reload || p.sysctl_set);
    if (needsKernel && live === undefined && !p.ignoreerrors) {
      const parents = proc
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/'))
        .filter((d) => d.startsWith('/proc/sys/'));
      const pending = pendingAmong(ctx, [proc, ...parents.reverse()]);
      if (pending)
        return unknownPlan(`${key} depends on ${pending.path}, which task "${pending.task}" would provide`);
      throw moduleError(ctx, 'PRV456', `sysctl key ${key} does not exist on the host (${proc} is missing)`);
    }
    const setLive = p.sysctl_set && wanted !== undefined && live !== undefined && live !== wanted;
    if (!fileChanges && !setLive) return okPlan({}, `${key} is ${wanted ?? 'absent'} in ${p.sysctl_file}`);

    const apply = async (): Promise<ModuleResult> => {
      if (fileChanges) await putOnHost(ctx, p.sysctl_file, after);
      const steps: string[] = [];
      if (setLive && wanted !== undefined) steps.push(setCommand(key, wanted));
      if (fileChanges && p.reload) steps.push(reloadCommand(p, key, wanted));
      const failed = await runSteps(ctx, steps);
      if (failed)
        return { ...failed, changed: fileChanges, msg: `failed to apply sysctl ${key}: ${failed.msg}` };
      return { changed: true };
    };
    const what = [
      fileChanges ? `${p.state === 'absent' ? 'remove' : 'set'} ${key} in ${p.sysctl_file}` : '',
      setLive ? `set ${key}=${wanted} (now ${live})` : '',
    ];
    return changePlan(what.filter(Boolean).join(', '), apply, {
      paths: [
        ...(fileChanges ? [p.sysctl_file] : []),
        ...(setLive || (fileChanges && p.reload) ? [proc] : []),
      ],
      diff: ctx.diffMode && fileChanges ? [fileDiff(p.sysctl_file, before, after)] : undefined,
    });
  },
});
