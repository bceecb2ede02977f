import { shellQuote } from '../../transport/shell-quote.js';

/** What `systemctl show` says about a unit, and the pure decision of which systemctl verbs bring it to the wish. */

/** Unit names systemd accepts (templates and instances included). */
export const UNIT_NAME = /^[A-Za-z0-9@_.:\\-]+$/;

export const UNIT_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'UnitFileState'] as const;
export type UnitStatus = Record<(typeof UNIT_PROPERTIES)[number], string>;

/** Parses `systemctl show -p A,B,...` (KEY=value lines, in systemd's own order). */
export function parseSystemctlShow(text: string): UnitStatus {
  const status: UnitStatus = { LoadState: '', ActiveState: '', SubState: '', UnitFileState: '' };
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    if ((UNIT_PROPERTIES as readonly string[]).includes(key))
      status[key as keyof UnitStatus] = line.slice(eq + 1).trim();
  }
  return status;
}

export function unitFound(s: UnitStatus): boolean {
  return s.LoadState !== '' && s.LoadState !== 'not-found';
}

export function unitMasked(s: UnitStatus): boolean {
  return s.LoadState === 'masked' || s.UnitFileState.startsWith('masked');
}

/** As `systemctl is-enabled` exits 0: enabled, static and generated units count as enabled; indirect/alias do not. */
export function unitEnabled(s: UnitStatus): boolean {
  return ['enabled', 'enabled-runtime', 'static', 'generated', 'transient'].includes(s.UnitFileState);
}

export function unitRunning(s: UnitStatus): boolean {
  return s.ActiveState === 'active' || s.ActiveState === 'activating';
}

export interface UnitWish {
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean;
  masked?: boolean;
}

/** The systemctl verbs to run, in Ansible's order: mask/unmask, enable/disable, then the state change. */
export function decideUnitActions(s: UnitStatus, wish: UnitWish): string[] {
  const actions: string[] = [];
  if (wish.masked !== undefined && wish.masked !== unitMasked(s))
    actions.push(wish.masked ? 'mask' : 'unmask');
  if (wish.enabled !== undefined && wish.enabled !== unitEnabled(s))
    actions.push(wish.enabled ? 'enable' : 'disable');
  if (wish.state === 'stopped') {
    if (unitRunning(s) || s.ActiveState === 'deactivating') actions.push('stop');
  } else if (wish.state !== undefined) {
    if (!unitRunning(s)) actions.push('start');
    else if (wish.state === 'restarted') actions.push('restart');
    else if (wish.state === 'reloaded') actions.push('reload');
  }
  return actions;
}

export function systemctlShowCommand(name: string, scopeFlag: string): string {
  return `systemctl ${scopeFlag}show ${shellQuote(name)} -p ${UNIT_PROPERTIES.join(',')} --no-pager`;
}

/** Where unit files live; a pending write to one makes a missing unit 'unknown' in check mode. */
export function unitFilePaths(name: string): string[] {
  const unit = /\.[a-z]+$/.test(name) ? name : `${name}.service`;
  return ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'].map((d) => `${d}/${unit}`);
}
