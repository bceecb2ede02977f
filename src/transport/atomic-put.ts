import { octalMode, shellQuote } from './shell-quote.js';
import type { PutOptions } from './transport.js';

/**
 * The shell command that writes stdin to `path` atomically: a temp file in the same directory (so rename is atomic
 * on one file system), mode/owner set on the temp file before the rename, the temp file removed on failure.
 * Runs through the shell so become works for root-owned paths on every transport.
 */
export function atomicPutCommand(path: string, options: PutOptions = {}): string {
  const slash = path.lastIndexOf('/');
  const dir = slash > 0 ? path.slice(0, slash) : slash === 0 ? '/' : '.';
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  const steps = [
    `t=$(mktemp ${shellQuote(`${dir}/.${base}.provision-XXXXXX`)}) || exit 1`,
    `cat > "$t" || { rm -f "$t"; exit 1; }`,
  ];
  if (options.mode !== undefined)
    steps.push(`chmod ${octalMode(options.mode)} "$t" || { rm -f "$t"; exit 1; }`);
  else
    steps.push(
      `{ [ -e ${shellQuote(path)} ] && chmod --reference=${shellQuote(path)} "$t" || chmod 0644 "$t"; }`,
    );
  const owner = options.owner ?? '';
  const group = options.group ?? '';
  if (owner || group) {
    steps.push(`chown ${shellQuote(`${owner}${group ? `:${group}` : ''}`)} "$t" || { rm -f "$t"; exit 1; }`);
  }
  steps.push(`mv -f "$t" ${shellQuote(path)} || { rm -f "$t"; exit 1; }`);
  return steps.join('\n');
}
