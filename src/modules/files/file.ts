import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleContext, okPlan, type Plan } from '../module.js';
import { boolParam } from '../params.js';
import { accountProbes, planAttributes, type WantedAttributes } from './attributes.js';
import { attributeParams, firstOf } from './common-params.js';
import { recordDiff } from './content-diff.js';
import { planLink } from './file-links.js';
import { explicitSymbolicMode, formatMode, isOctalMode, resolveMode } from './file-mode.js';
import { planRecursiveAttributes, recursiveProbeCommand } from './file-recurse.js';
import { type FileState, fileStateCommand, type PresentFile, readFileState } from './file-state.js';
import { fileError, probeBatch, runChecked } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';

/** ansible.builtin.file: a path's state (file, directory, link, hard, touch, absent) and its mode/owner/group. */

const STATES = ['file', 'directory', 'link', 'hard', 'touch', 'absent'] as const;
type FileModuleState = (typeof STATES)[number];

const schema = z
  .strictObject({
    path: z.string().min(1).optional(),
    dest: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    state: z.enum(STATES).optional(),
    src: z.string().min(1).optional(),
    ...attributeParams,
    recurse: boolParam.optional(),
    force: boolParam.optional(),
    follow: boolParam.optional(),
    modification_time: z.enum(['now', 'preserve']).optional(),
    access_time: z.enum(['now', 'preserve']).optional(),
  })
  .superRefine((p, ctx) => {
    const given = [p.path, p.dest, p.name].filter((v) => v !== undefined).length;
    if (given !== 1)
      ctx.addIssue({ code: 'custom', message: 'file needs exactly one of path (or its aliases dest, name)' });
    if (p.state === 'hard' && p.src === undefined)
      ctx.addIssue({ code: 'custom', message: 'state=hard needs src (the file to link to)' });
    if (p.recurse && p.state !== undefined && p.state !== 'directory')
      ctx.addIssue({ code: 'custom', message: 'recurse only works with state=directory' });
    if (p.src !== undefined && p.state !== undefined && p.state !== 'link' && p.state !== 'hard')
      ctx.addIssue({ code: 'custom', message: 'src is only used with state=link or state=hard' });
  });

export type FileParams = z.infer<typeof schema>;

/** Ansible's default state: the path's current kind, else directory with recurse, else file. */
function defaultState(state: FileState, recurse: boolean): FileModuleState {
  if (state.exists) return state.type === 'directory' ? 'directory' : state.type === 'link' ? 'link' : 'file';
  return recurse ? 'directory' : 'file';
}

function chownSpec(attrs: WantedAttributes): string | undefined {
  if (!attrs.owner && !attrs.group) return undefined;
  return `${attrs.owner ?? ''}${attrs.group ? `:${attrs.group}` : ''}`;
}

/** Commands that give a path it just created its wanted attributes. */
export function newPathAttributeCommands(path: string, attrs: WantedAttributes, isDir: boolean): string[] {
  const q = shellQuote(path);
  const cmds: string[] = [];
  const spec = chownSpec(attrs);
  if (spec) cmds.push(`chown ${shellQuote(spec)} -- ${q}`);
  if (attrs.mode !== undefined)
    cmds.push(`chmod ${formatMode(resolveMode(attrs.mode, isDir ? 0o755 : 0o644, isDir))} -- ${q}`);
  return cmds;
}

function newAttrRecord(attrs: WantedAttributes, isDir: boolean): Record<string, string> {
  const rec: Record<string, string> = {};
  if (attrs.mode !== undefined) rec.mode = formatMode(resolveMode(attrs.mode, isDir ? 0o755 : 0o644, isDir));
  if (attrs.owner !== undefined) rec.owner = attrs.owner;
  if (attrs.group !== undefined) rec.group = attrs.group;
  return rec;
}

function applyCommands(ctx: ModuleContext, commands: string[], result: Record<string, unknown>) {
  return async () => {
    for (const cmd of commands) await runChecked(ctx, cmd);
    return { changed: true, ...result };
  };
}

async function planFile(p: FileParams, ctx: ModuleContext): Promise<Plan> {
  const path = firstOf(p.path, p.dest, p.name) as string;
  const attrs: WantedAttributes = { mode: p.mode, owner: p.owner, group: p.group };
  const follow = p.follow ?? true;
  const explicit = p.state;
  if (explicit === 'link' || explicit === 'hard')
    return planLink(ctx, { ...p, path, state: explicit, attrs });

  const pending = pendingReason(ctx, path);
  if (pending) return unknownChange(pending, path);
  const accounts = accountProbes(attrs);
  const wantsRecurse = p.recurse === true && explicit !== 'absent';
  const res = await probeBatch(ctx, [
    fileStateCommand(path, follow && explicit !== 'absent'),
    ...accounts.commands,
    ...(wantsRecurse ? [recursiveProbeCommand(path)] : []),
  ]);
  const state = readFileState(ctx, res[0], path);
  const state_ = explicit ?? defaultState(state, p.recurse === true);
  if (state_ === 'link') return planLink(ctx, { ...p, path, state: 'link', attrs });
  if (state_ !== 'absent') {
    const accountPending = accounts.verify(ctx, res.slice(1, 1 + accounts.commands.length));
    if (accountPending) return unknownChange(accountPending, path);
  }
  const result = { path, state: state_ };
  const q = shellQuote(path);

  switch (state_) {
    case 'absent': {
      if (!state.exists) return okPlan(result, `${path} absent`);
      return changePlan(`${path} exists (${state.type})`, applyCommands(ctx, [`rm -rf -- ${q}`], result), {
        paths: [path],
        diff: ctx.diffMode ? [recordDiff(path, { state: state.type }, { state: 'absent' })] : undefined,
        result,
      });
    }
    case 'file': {
      if (!state.exists)
        throw fileError(
          ctx,
          'PRV411',
          `file (${path}) is absent, cannot continue`,
          'Use state: touch to create an empty file.',
        );
      if (state.type === 'directory')
        throw fileError(ctx, 'PRV412', `file (${path}) is a directory, cannot continue`);
      return attributesPlan(ctx, path, state, attrs, result);
    }
    case 'directory': {
      if (!state.exists) {
        const cmds = [`mkdir -p -- ${q}`, ...newPathAttributeCommands(path, attrs, true)];
        if (p.recurse) cmds.push(...recursiveCommands(path, attrs));
        return changePlan(`${path} absent`, applyCommands(ctx, cmds, result), {
          paths: [path],
          diff: ctx.diffMode
            ? [recordDiff(path, { state: 'absent' }, { state: 'directory', ...newAttrRecord(attrs, true) })]
            : undefined,
          result,
        });
      }
      if (state.type !== 'directory')
        throw fileError(ctx, 'PRV412', `${path} already exists as a ${state.type}`);
      if (p.recurse) {
        const below = planRecursiveAttributes(ctx, path, attrs, res[res.length - 1]);
        const top = planAttributes(path, state, attrs);
        if (top.commands.length === 0 && below.length === 0) return okPlan(result, 'directory tree matches');
        return changePlan(
          [...top.changes, ...below.slice(0, 3)].join(', '),
          applyCommands(ctx, [...top.commands, ...recursiveCommands(path, attrs)], result),
          { paths: [path], result },
        );
      }
      return attributesPlan(ctx, path, state, attrs, result);
    }
    case 'touch': {
      if (!state.exists) {
        const cmds = [`touch -- ${q}`, ...newPathAttributeCommands(path, attrs, false)];
        return changePlan(`${path} absent`, applyCommands(ctx, cmds, result), {
          paths: [path],
          diff: ctx.diffMode
            ? [recordDiff(path, { state: 'absent' }, { state: 'file', ...newAttrRecord(attrs, false) })]
            : undefined,
          result,
        });
      }
      const touchFlags = [
        p.access_time !== 'preserve' ? 'a' : '',
        p.modification_time !== 'preserve' ? 'm' : '',
      ].join('');
      const attrPlan = planAttributes(path, state, attrs);
      const cmds = [...(touchFlags ? [`touch -${touchFlags} -- ${q}`] : []), ...attrPlan.commands];
      if (cmds.length === 0) return okPlan(result, 'timestamps preserved and attributes match');
      const reasons = [...(touchFlags ? ['timestamps updated'] : []), ...attrPlan.changes];
      return changePlan(reasons.join(', '), applyCommands(ctx, cmds, result), {
        paths: [path],
        diff:
          ctx.diffMode && attrPlan.changes.length > 0
            ? [recordDiff(path, attrPlan.before, attrPlan.after)]
            : undefined,
        result,
      });
    }
    default:
      throw new Error(`unreachable file state ${state_}`);
  }
}

function attributesPlan(
  ctx: ModuleContext,
  path: string,
  state: PresentFile,
  attrs: WantedAttributes,
  result: Record<string, unknown>,
): Plan {
  const change = planAttributes(path, state, attrs);
  if (change.commands.length === 0)
    return okPlan({ ...result, mode: state.mode, owner: state.owner, group: state.group });
  return changePlan(change.changes.join(', '), applyCommands(ctx, change.commands, result), {
    paths: [path],
    diff: ctx.diffMode ? [recordDiff(path, change.before, change.after)] : undefined,
    result,
  });
}

/** chmod/chown for a whole tree; a symbolic mode with X gives directories x and leaves plain files as they are. */
function recursiveCommands(path: string, attrs: WantedAttributes): string[] {
  const q = shellQuote(path);
  const cmds: string[] = [];
  const spec = chownSpec(attrs);
  if (spec) cmds.push(`chown -R -h ${shellQuote(spec)} -- ${q}`);
  if (attrs.mode !== undefined) cmds.push(`chmod -R ${recursiveModeArg(attrs.mode)} -- ${q}`);
  return cmds;
}

function recursiveModeArg(mode: string): string {
  return isOctalMode(mode) ? formatMode(Number.parseInt(mode, 8)) : shellQuote(explicitSymbolicMode(mode));
}

export const fileModule = defineModule<FileParams>({
  name: 'file',
  schema,
  plan: planFile,
});
