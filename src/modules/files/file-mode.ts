/**
 * File modes as Ansible takes them: octal ('0644', '644') or symbolic ('u=rw,g=r,o=', 'a+X', 'u+s'). Pure: given
 * the current mode and whether the path is a directory, returns the mode the path would get.
 */

const WHO_BITS: Record<'u' | 'g' | 'o', { r: number; w: number; x: number; s: number; t: number }> = {
  u: { r: 0o400, w: 0o200, x: 0o100, s: 0o4000, t: 0 },
  g: { r: 0o040, w: 0o020, x: 0o010, s: 0o2000, t: 0 },
  o: { r: 0o004, w: 0o002, x: 0o001, s: 0, t: 0o1000 },
};

export function isOctalMode(mode: string): boolean {
  return /^0?[0-7]{3,4}$/.test(mode);
}

/** Applies `mode` to `current` (both as numbers); `isDir` decides what `X` means. */
export function resolveMode(mode: string, current: number, isDir: boolean): number {
  if (isOctalMode(mode)) return Number.parseInt(mode, 8);
  let result = current & 0o7777;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) throw new RangeError(`bad symbolic mode clause: ${clause}`);
    const whoText = m[1] === '' || (m[1] ?? '').includes('a') ? 'ugo' : (m[1] ?? '');
    const op = m[2];
    const perms = m[3] ?? '';
    // X is judged on the mode before this clause, as chmod does.
    const execBefore = isDir || (result & 0o111) !== 0;
    let bits = 0;
    let clear = 0;
    for (const who of new Set(whoText.split('')) as Set<'u' | 'g' | 'o'>) {
      const w = WHO_BITS[who];
      clear |= w.r | w.w | w.x | w.s | w.t;
      for (const p of perms) {
        if (p === 'r') bits |= w.r;
        else if (p === 'w') bits |= w.w;
        else if (p === 'x') bits |= w.x;
        else if (p === 'X' && execBefore) bits |= w.x;
        else if (p === 's') bits |= w.s;
        else if (p === 't') bits |= w.t;
      }
    }
    if (op === '+') result |= bits;
    else if (op === '-') result &= ~bits;
    else result = (result & ~clear) | bits;
  }
  return result;
}

export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** A symbolic mode with every clause naming its users: chmod applies the umask to a clause without them, Ansible does not. */
export function explicitSymbolicMode(mode: string): string {
  return mode
    .split(',')
    .map((c) => (/^[-+=]/.test(c) ? `a${c}` : c))
    .join(',');
}
