import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleResult, okPlan } from '../module.js';
import {
  canonicalModuleName,
  FEATURE_EVIDENCE,
  moduleEvidenceProbe,
  parseModuleEvidence,
} from './kernel-module-evidence.js';
import {
  catProbe,
  commandFailed,
  fileDiff,
  moduleError,
  probe,
  probeError,
  putOnHost,
  runOnHost,
} from './remote.js';

const schema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a kernel module name'),
  state: z.enum(['present', 'absent']).default('present'),
  params: z.string().default(''),
  persistent: z.enum(['present', 'absent', 'disabled']).default('disabled'),
});
type Params = z.infer<typeof schema>;

interface FileEdit {
  path: string;
  before: string | undefined;
  /** undefined: remove the file. */
  after: string | undefined;
}

/** Pure: the persistence files for the wish, compared with what is there. */
export function persistenceEdits(
  p: Params,
  loadConf: string | undefined,
  optionsConf: string | undefined,
): FileEdit[] {
  const load = `/etc/modules-load.d/${p.name}.conf`;
  const opts = `/etc/modprobe.d/${p.name}.conf`;
  const edits: FileEdit[] = [];
  if (p.persistent === 'present') {
    const wantLoad = `${p.name}\n`;
    if (loadConf !== wantLoad) edits.push({ path: load, before: loadConf, after: wantLoad });
    const wantOpts = p.params.trim() === '' ? undefined : `options ${p.name} ${p.params.trim()}\n`;
    if (wantOpts !== undefined && optionsConf !== wantOpts)
      edits.push({ path: opts, before: optionsConf, after: wantOpts });
  } else if (p.persistent === 'absent') {
    if (loadConf !== undefined) edits.push({ path: load, before: loadConf, after: undefined });
    if (optionsConf !== undefined) edits.push({ path: opts, before: optionsConf, after: undefined });
  }
  return edits;
}

export const modprobeModule = defineModule<Params>({
  name: 'modprobe',
  schema,
  async plan(p, ctx) {
    const loadPath = `/etc/modules-load.d/${p.name}.conf`;
    const optsPath = `/etc/modprobe.d/${p.name}.conf`;
    const cmds = [moduleEvidenceProbe(p.name), catProbe(loadPath), catProbe(optsPath)];
    const [ev, load, opts] = await probe(ctx, cmds);
    if (ev?.rc !== 0) throw probeError(ctx, cmds[0] ?? '', ev?.err ?? '');
    const fileText = (r: typeof load) => (r?.rc === 0 ? r.out : undefined);
    const evidence = parseModuleEvidence(ev.out);
    const edits = persistenceEdits(p, fileText(load), fileText(opts));
    const canon = canonicalModuleName(p.name);
    const words = p.params.trim() === '' ? [] : p.params.trim().split(/\s+/);

    let kernelCmd: string | undefined;
    if (p.state === 'present' && !evidence.present) {
      if (!evidence.modprobe)
        throw moduleError(
          ctx,
          'PRV455',
          `kernel module ${p.name} is not loaded or built in, and modprobe is not installed on the host`,
        );
      kernelCmd = `modprobe ${[p.name, ...words].map(shellQuote).join(' ')}`;
    } else if (p.state === 'absent' && evidence.present) {
      if (!evidence.loadable)
        throw moduleError(
          ctx,
          'PRV455',
          `kernel module ${p.name} is built into the kernel and cannot be unloaded`,
        );
      kernelCmd = evidence.modprobe ? `modprobe -r ${shellQuote(p.name)}` : `rmmod ${shellQuote(canon)}`;
    }
    const base: ModuleResult = { name: p.name, params: p.params, state: p.state };
    if (!kernelCmd && edits.length === 0)
      return okPlan(base, `${p.name} is ${p.state}${evidence.builtin ? ' (built in)' : ''}`);

    const feature = FEATURE_EVIDENCE[canon];
    const kernelPaths = kernelCmd ? [`/sys/module/${canon}`, ...(feature ? [feature.path] : [])] : [];
    return changePlan(
      [
        kernelCmd ? `${p.state === 'present' ? 'load' : 'unload'} ${p.name}` : '',
        ...edits.map((e) => `${e.after === undefined ? 'remove' : 'write'} ${e.path}`),
      ]
        .filter(Boolean)
        .join(', '),
      async () => {
        if (kernelCmd) {
          const res = await runOnHost(ctx, kernelCmd);
          if (res.rc !== 0) return { ...base, ...commandFailed(kernelCmd, res) };
        }
        for (const e of edits) {
          if (e.after !== undefined) await putOnHost(ctx, e.path, e.after, { mode: '0644' });
          else {
            const rm = `rm -f -- ${shellQuote(e.path)}`;
            const res = await runOnHost(ctx, rm);
            if (res.rc !== 0) return { ...base, ...commandFailed(rm, res) };
          }
        }
        return { ...base, changed: true };
      },
      {
        paths: [...kernelPaths, ...edits.map((e) => e.path)],
        diff: ctx.diffMode ? edits.map((e) => fileDiff(e.path, e.before ?? '', e.after ?? '')) : undefined,
        result: base,
      },
    );
  },
});
