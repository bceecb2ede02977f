/** getent output as data: passwd, group and shadow entries. */

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.trim().split(':');
  if (f.length < 7 || !f[0]) return undefined;
  return {
    name: f[0],
    uid: Number(f[2]),
    gid: Number(f[3]),
    comment: f[4] ?? '',
    home: f[5] ?? '',
    shell: f[6] ?? '',
  };
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export function parseGroups(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 3 || !f[0]) continue;
    out.push({ name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) });
  }
  return out;
}

/** The password hash field of a shadow line. */
export function parseShadowHash(line: string): string | undefined {
  const f = line.trim().split(':');
  return f.length >= 2 && f[0] ? (f[1] ?? '') : undefined;
}

/** Names and gids are both accepted where Ansible takes a group. */
export function findGroup(groups: readonly GroupEntry[], ref: string): GroupEntry | undefined {
  return groups.find((g) => g.name === ref || (/^\d+$/.test(ref) && g.gid === Number(ref)));
}

export const ACCOUNT_NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;
