import { shellQuote } from '../../transport/shell-quote.js';
import type { CommandResult } from '../../transport/transport.js';
import type { ModuleContext } from '../module.js';
import type { WantedAttributes } from './attributes.js';
import { formatMode, resolveMode } from './file-mode.js';
import { fileError } from './host-io.js';

/**
 * file with recurse: one probe lists every path below the directory with its type, mode and owner, so the plan
 * knows whether `chmod -R`/`chown -R` would change anything.
 */

export function recursiveProbeCommand(path: string): string {
  return `find ${shellQuote(path)} -mindepth 1 -exec stat -c '%f\t%a\t%u\t%g\t%U\t%G\t%n' -- {} +`;
}

function ownerMatches(wanted: string, name: string, id: string): boolean {
  return /^\d+$/.test(wanted) ? wanted === id : wanted === name;
}

/** What differs below `path` ("PATH: mode 0644 → 0600"); empty when the whole tree matches. */
export function planRecursiveAttributes(
  ctx: ModuleContext,
  path: string,
  attrs: WantedAttributes,
  res: CommandResult | undefined,
): string[] {
  if (res?.rc !== 0) {
    throw fileError(
      ctx,
      'PRV401',
      `cannot list ${path} recursively: ${res?.err.trim() ?? 'no probe result'}`,
    );
  }
  const changes: string[] = [];
  for (const line of res.out.split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    const raw = Number.parseInt(f[0] ?? '', 16);
    const name = f.slice(6).join('\t');
    const isLink = (raw & 0o170000) === 0o120000;
    const isDir = (raw & 0o170000) === 0o040000;
    const mode = (f[1] ?? '').padStart(4, '0');
    if (attrs.owner !== undefined && !ownerMatches(attrs.owner, f[4] ?? '', f[2] ?? ''))
      changes.push(`${name}: owner`);
    else if (attrs.group !== undefined && !ownerMatches(attrs.group, f[5] ?? '', f[3] ?? ''))
      changes.push(`${name}: group`);
    else if (attrs.mode !== undefined && !isLink) {
      const next = formatMode(resolveMode(attrs.mode, Number.parseInt(mode, 8), isDir));
      if (next !== mode) changes.push(`${name}: mode ${mode} → ${next}`);
    }
  }
  return changes;
}
