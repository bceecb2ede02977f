import { matchPatternList } from './known-hosts.js';

/**
 * ~/.ssh/config as OpenSSH reads it, for the keywords provision honours: `Host` blocks with patterns and `!`
 * negation, the first value obtained for a keyword wins (IdentityFile accumulates), `Match all` is a catch-all and
 * other `Match` criteria are not evaluated (their block never applies). Pure: Include files come from a callback.
 */

export interface SshConfigDirective {
  keyword: string;
  args: string[];
  file: string;
  line: number;
}

interface SshConfigBlock {
  /** `undefined` = before any Host line (applies to every host). */
  patterns?: string[];
  /** `Match` criteria other than `all`: never applies. */
  never?: boolean;
  directives: SshConfigDirective[];
}

export interface SshConfig {
  blocks: SshConfigBlock[];
}

/** Values from ssh_config that provision uses; keywords are lower-case as OpenSSH treats them. */
export interface SshConfigValues {
  hostname?: string;
  user?: string;
  port?: string;
  identityfile: string[];
  proxyjump?: string;
  proxycommand?: string;
  userknownhostsfile?: string;
  globalknownhostsfile?: string;
  stricthostkeychecking?: string;
  connecttimeout?: string;
  serveraliveinterval?: string;
  serveralivecountmax?: string;
  hashknownhosts?: string;
  identitiesonly?: string;
  identityagent?: string;
  passwordauthentication?: string;
}

/** Splits a config line's arguments: whitespace-separated, double quotes group. */
export function splitConfigArgs(text: string): string[] {
  const args: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) args.push(m[1] ?? m[2] ?? '');
  return args;
}

export type IncludeReader = (pattern: string) => { file: string; text: string }[];

export function parseSshConfig(
  text: string,
  file: string,
  readInclude?: IncludeReader,
  depth = 0,
): SshConfig {
  const blocks: SshConfigBlock[] = [{ directives: [] }];
  const current = () => blocks[blocks.length - 1] as SshConfigBlock;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) return;
    const keyword = (m[1] ?? '').toLowerCase();
    const args = splitConfigArgs(m[2] ?? '');
    if (keyword === 'host') {
      blocks.push({ patterns: args, directives: [] });
    } else if (keyword === 'match') {
      const all = args.length === 1 && args[0]?.toLowerCase() === 'all';
      blocks.push({ patterns: all ? ['*'] : [], never: !all, directives: [] });
    } else if (keyword === 'include' && readInclude && depth < 16) {
      // Included lines belong to the block the Include sits in, as in OpenSSH.
      for (const pattern of args) {
        for (const inc of readInclude(pattern)) {
          const sub = parseSshConfig(inc.text, inc.file, readInclude, depth + 1);
          const [head, ...rest] = sub.blocks;
          if (head) current().directives.push(...head.directives);
          for (const b of rest) {
            const parent = current();
            blocks.push({ ...b, never: b.never || parent.never });
          }
        }
      }
    } else {
      current().directives.push({ keyword, args, file, line: i + 1 });
    }
  });
  return { blocks };
}

function blockApplies(block: SshConfigBlock, host: string): boolean {
  if (block.never) return false;
  if (block.patterns === undefined) return true;
  return matchPatternList(block.patterns, host);
}

/** The values for `host` (the name given on the command line, before HostName): first obtained value wins. */
export function lookupSshConfig(config: SshConfig, host: string): SshConfigValues {
  const values: SshConfigValues = { identityfile: [] };
  const record = values as unknown as Record<string, string | string[] | undefined>;
  for (const block of config.blocks) {
    if (!blockApplies(block, host)) continue;
    for (const d of block.directives) {
      if (d.keyword === 'identityfile') {
        if (d.args[0] !== undefined) values.identityfile.push(d.args[0]);
        continue;
      }
      if (!(d.keyword in KNOWN) || record[d.keyword] !== undefined) continue;
      record[d.keyword] = d.keyword === 'userknownhostsfile' ? d.args.join(' ') : d.args[0];
    }
  }
  return values;
}

const KNOWN: Record<string, true> = {
  hostname: true,
  user: true,
  port: true,
  proxyjump: true,
  proxycommand: true,
  userknownhostsfile: true,
  globalknownhostsfile: true,
  stricthostkeychecking: true,
  connecttimeout: true,
  serveraliveinterval: true,
  serveralivecountmax: true,
  hashknownhosts: true,
  identitiesonly: true,
  identityagent: true,
  passwordauthentication: true,
};

/** Expands the `%` tokens and `~` OpenSSH allows in IdentityFile, UserKnownHostsFile and similar paths. */
export function expandSshTokens(
  value: string,
  t: { home: string; host: string; originalHost: string; port: number; user: string; localUser: string },
): string {
  let v = value.startsWith('~/') || value === '~' ? `${t.home}${value.slice(1)}` : value;
  v = v.replace(/%([%dhnprLlu])/g, (_, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'd':
        return t.home;
      case 'h':
        return t.host;
      case 'n':
        return t.originalHost;
      case 'p':
        return String(t.port);
      case 'r':
        return t.user;
      case 'u':
        return t.localUser;
      default:
        return `%${c}`;
    }
  });
  return v;
}
