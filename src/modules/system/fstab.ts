/** /etc/fstab and /proc/mounts as data: parse entries, set or remove one by mount point, keep everything else. */

export interface FstabEntry {
  src: string;
  path: string;
  fstype: string;
  opts: string;
  dump: string;
  passno: string;
}

/** fstab and /proc/mounts escape whitespace and backslashes in fields as octal (`\040`). */
export function escapeField(s: string): string {
  return s.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/\t/g, '\\011').replace(/\n/g, '\\012');
}

export function unescapeField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

export function parseEntry(line: string): FstabEntry | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const f = t.split(/\s+/);
  if (f.length < 3) return undefined;
  return {
    src: unescapeField(f[0] ?? ''),
    path: unescapeField(f[1] ?? ''),
    fstype: f[2] ?? '',
    opts: f[3] ?? 'defaults',
    dump: f[4] ?? '0',
    passno: f[5] ?? '0',
  };
}

export function formatEntry(e: FstabEntry): string {
  return [escapeField(e.src), escapeField(e.path), e.fstype, e.opts, e.dump, e.passno].join(' ');
}

function sameEntry(a: FstabEntry, b: FstabEntry): boolean {
  return (
    a.src === b.src &&
    a.fstype === b.fstype &&
    a.opts === b.opts &&
    a.dump === b.dump &&
    a.passno === b.passno
  );
}

function split(content: string): string[] {
  return content === '' ? [] : content.replace(/\n$/, '').split('\n');
}

function join(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The fstab with `entry` set: the first line for its mount point replaced when it differs, else appended. */
export function setFstabEntry(content: string, entry: FstabEntry): string {
  const lines = split(content);
  const i = lines.findIndex((l) => parseEntry(l)?.path === entry.path);
  if (i < 0) return join([...lines, formatEntry(entry)]);
  const current = parseEntry(lines[i] ?? '');
  if (current && sameEntry(current, entry)) return content;
  lines[i] = formatEntry(entry);
  return join(lines);
}

/** The fstab without any line for mount point `path` (all swap lines share `none`, so all of them go). */
export function removeFstabEntries(content: string, path: string): string {
  const lines = split(content);
  const kept = lines.filter((l) => parseEntry(l)?.path !== path);
  return kept.length === lines.length ? content : join(kept);
}

export interface MountedFs {
  src: string;
  fstype: string;
  opts: string;
}

/** The last mount on `path` in /proc/mounts (later mounts hide earlier ones). */
export function findMount(procMounts: string, path: string): MountedFs | undefined {
  let found: MountedFs | undefined;
  for (const line of procMounts.split('\n')) {
    const f = line.split(' ');
    if (f.length >= 4 && unescapeField(f[1] ?? '') === path)
      found = { src: unescapeField(f[0] ?? ''), fstype: f[2] ?? '', opts: f[3] ?? '' };
  }
  return found;
}
