import { shellJoin } from '../../transport/shell-quote.js';
import type { AptState } from './apt-state.js';

/** How apt-get is invoked: never prompting, keeping changed config files, quiet, yes to everything asked. */

/** The apt parameters that shape an apt-get command line. */
export interface AptCommandOptions {
  state: AptState | 'installed' | 'removed';
  purge: boolean;
  install_recommends?: boolean;
  allow_downgrade: boolean;
  allow_change_held_packages: boolean;
  autoremove: boolean;
}

export const ENV = 'env DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical';
export const DPKG_OPTS = '-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';
export const DPKG_FORMAT = `-f='\${Package}\\t\${Version}\\t\${Status}\\n'`;
export const CACHE_TIME_PROBE =
  'date +%s; stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || ' +
  'stat -c %Y /var/lib/apt/lists/* /var/lib/apt/lists 2>/dev/null | sort -n | tail -n 1';

export function normState(s: AptCommandOptions['state']): AptState {
  return s === 'installed' ? 'present' : s === 'removed' ? 'absent' : s;
}

export function aptGet(p: AptCommandOptions, verb: string, args: readonly string[], held: boolean): string {
  const words = [ENV, 'apt-get -q -y', DPKG_OPTS];
  if (p.allow_downgrade && verb === 'install') words.push('--allow-downgrades');
  if (held && p.allow_change_held_packages) words.push('--allow-change-held-packages');
  if (p.install_recommends !== undefined && verb === 'install')
    words.push(`-o APT::Install-Recommends=${p.install_recommends ? 'yes' : 'no'}`);
  if (normState(p.state) === 'fixed' && verb === 'install') words.push('--fix-broken');
  if (p.purge && verb !== 'install') words.push('--purge');
  if (p.autoremove && verb !== 'autoremove') words.push('--auto-remove');
  words.push(verb);
  if (args.length > 0) words.push(shellJoin(args));
  return words.join(' ');
}
