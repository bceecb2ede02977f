import { shellQuote } from '../../transport/shell-quote.js';
import type { FileDiff, ModuleContext } from '../module.js';
import { formatMode, resolveMode } from './file-mode.js';
import type { PresentFile } from './file-state.js';
import { fileError } from './host-io.js';
import { pendingReason } from './pending.js';

/**
 * Mode/owner/group of an existing path: what differs from the task's wish and the commands that fix it. Owner and
 * group given as numbers compare with the uid/gid, names with the names the host reports.
 */

export interface WantedAttributes {
  mode?: string;
  owner?: string;
  group?: string;
}

export interface AttributeChange {
  /** Human-readable differences ("mode 0644 → 0600"). */
  changes: string[];
  /** Commands that bring the path to the wanted attributes (empty when nothing differs). */
  commands: string[];
  before: Record<string, string>;
  after: Record<string, string>;
}

function ownerMatches(wanted: string, name: string, id: number): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === id : wanted === name;
}

export function planAttributes(
  path: string,
  state: PresentFile,
  wanted: WantedAttributes,
  options: { noDereference?: boolean } = {},
): AttributeChange {
  const out: AttributeChange = { changes: [], commands: [], before: {}, after: {} };
  const q = shellQuote(path);
  const h = options.noDereference ? '-h ' : '';
  const ownerDiff = wanted.owner !== undefined && !ownerMatches(wanted.owner, state.owner, state.uid);
  const groupDiff = wanted.group !== undefined && !ownerMatches(wanted.group, state.group, state.gid);
  if (ownerDiff || groupDiff) {
    const spec = `${ownerDiff ? wanted.owner : ''}${groupDiff ? `:${wanted.group}` : ''}`;
    out.commands.push(`chown ${h}${shellQuote(spec)} -- ${q}`);
    if (ownerDiff) {
      out.changes.push(`owner ${state.owner} → ${wanted.owner}`);
      out.before.owner = state.owner;
      out.after.owner = wanted.owner ?? '';
    }
    if (groupDiff) {
      out.changes.push(`group ${state.group} → ${wanted.group}`);
      out.before.group = state.group;
      out.after.group = wanted.group ?? '';
    }
  }
  // Symlinks have no mode of their own on Linux.
  if (wanted.mode !== undefined && wanted.mode !== 'preserve' && state.type !== 'link') {
    const next = formatMode(
      resolveMode(wanted.mode, Number.parseInt(state.mode, 8), state.type === 'directory'),
    );
    if (next !== state.mode) {
      out.commands.push(`chmod ${next} -- ${q}`);
      out.changes.push(`mode ${state.mode} → ${next}`);
      out.before.mode = state.mode;
      out.after.mode = next;
    }
  }
  return out;
}

/** The attribute part of a diff, as Ansible shows it: key: value lines before and after. */
export function attributeDiff(path: string, change: AttributeChange): FileDiff | undefined {
  if (change.changes.length === 0) return undefined;
  const text = (rec: Record<string, string>) =>
    Object.entries(rec)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join('');
  return {
    before: `path: ${path}\n${text(change.before)}`,
    after: `path: ${path}\n${text(change.after)}`,
    beforeHeader: `${path} (attributes)`,
    afterHeader: `${path} (attributes)`,
  };
}

/**
 * Probes that the owner and group named by a task exist (numeric ids need none). `verify` throws PRV417 for a
 * missing one, or returns an 'unknown' reason when an earlier task would create it (it would change /etc/passwd or
 * /etc/group in check mode).
 */
export function accountProbes(wanted: WantedAttributes): {
  commands: string[];
  verify(ctx: ModuleContext, results: readonly { rc: number }[]): string | undefined;
} {
  const checks: { kind: 'owner' | 'group'; name: string; db: string }[] = [];
  if (wanted.owner !== undefined && !/^\d+$/.test(wanted.owner))
    checks.push({ kind: 'owner', name: wanted.owner, db: '/etc/passwd' });
  if (wanted.group !== undefined && !/^\d+$/.test(wanted.group))
    checks.push({ kind: 'group', name: wanted.group, db: '/etc/group' });
  return {
    commands: checks.map((c) =>
      c.kind === 'owner' ? `id -u -- ${shellQuote(c.name)}` : `getent group ${shellQuote(c.name)}`,
    ),
    verify(ctx, results) {
      for (const [i, c] of checks.entries()) {
        if (results[i]?.rc === 0) continue;
        const pending = pendingReason(ctx, c.db);
        if (pending) return pending;
        throw fileError(ctx, 'PRV417', `${c.kind} '${c.name}' does not exist on ${ctx.host}`);
      }
      return undefined;
    },
  };
}
