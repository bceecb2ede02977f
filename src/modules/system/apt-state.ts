/**
 * What dpkg and apt say about packages, parsed, and the pure decision of what apt-get must do. No I/O here: the apt
 * module probes, these functions decide.
 */

export interface DpkgPackage {
  name: string;
  version: string;
  /** Selection state: install, hold, deinstall, purge, unknown. */
  want: string;
  /** installed, config-files, not-installed, half-installed, unpacked, ... */
  status: string;
}

/** Parses `dpkg-query -W -f='${Package}\t${Version}\t${Status}\n'` (Status is "want eflag status"). */
export function parseDpkgQuery(text: string): Map<string, DpkgPackage> {
  const out = new Map<string, DpkgPackage>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [name = '', version = '', statusField = ''] = line.split('\t');
    const [want = 'unknown', , status = 'not-installed'] = statusField.trim().split(/\s+/);
    if (name !== '') out.set(name, { name, version, want, status });
  }
  return out;
}

export interface AptPolicy {
  installed?: string;
  candidate?: string;
  /** Versions of the version table, in apt's order (newest first). */
  versions: string[];
}

/** Parses `apt-cache policy NAME...`; packages apt does not know are simply absent from the map. */
export function parseAptPolicy(text: string): Map<string, AptPolicy> {
  const out = new Map<string, AptPolicy>();
  let current: AptPolicy | undefined;
  for (const line of text.split('\n')) {
    const header = /^(\S.*):$/.exec(line);
    if (header?.[1]) {
      current = { versions: [] };
      out.set(header[1], current);
      continue;
    }
    if (!current) continue;
    const field = /^\s+(Installed|Candidate):\s*(.*)$/.exec(line);
    if (field) {
      const value = field[2]?.trim() ?? '';
      const known = value === '' || value === '(none)' ? undefined : value;
      if (field[1] === 'Installed') current.installed = known;
      else current.candidate = known;
      continue;
    }
    // Version lines are indented five columns (or marked ` *** ` when installed); origin lines go deeper.
    const version = /^(?: \*\*\* | {5})(\S+) (-?\d+)$/.exec(line);
    if (version?.[1]) current.versions.push(version[1]);
  }
  return out;
}

/** Shell-style glob match (fnmatch), as Ansible compares version pins such as `1.31.*`. */
export function globMatch(text: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(text);
}

export interface PackageSpec {
  name: string;
  version?: string;
}

/** `kubelet=1.31.*` → { name: 'kubelet', version: '1.31.*' }. */
export function parsePackageSpec(spec: string): PackageSpec {
  const trimmed = spec.trim();
  const eq = trimmed.indexOf('=');
  if (eq < 0) return { name: trimmed };
  return { name: trimmed.slice(0, eq), version: trimmed.slice(eq + 1) };
}

/** Spec problems found statically (schema): operators we do not implement, empty names. */
export function packageSpecProblem(spec: string): string | undefined {
  if (/[<>]/.test(spec))
    return `'${spec}': only exact or wildcard pins (name=1.2.3, name=1.2.*) are supported, not comparisons`;
  const { name, version } = parsePackageSpec(spec);
  if (!/^[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?$/.test(name)) return `'${spec}' is not a Debian package name`;
  if (version === '') return `'${spec}' has an empty version after '='`;
  return undefined;
}

export type AptState = 'present' | 'latest' | 'absent' | 'fixed';

export interface AptDecision {
  /** Arguments for `apt-get install` (name or name=version). */
  install: string[];
  /** Names for `apt-get remove`. */
  remove: string[];
  /** Packages with no installable version matching the request. */
  missing: string[];
  /** Held packages that install/remove would change. */
  held: string[];
}

/** Decides what apt-get must do so each spec is in `state`. Mirrors Ansible's apt rules. */
export function decideApt(
  specs: readonly PackageSpec[],
  state: AptState,
  purge: boolean,
  dpkg: ReadonlyMap<string, DpkgPackage>,
  policy: ReadonlyMap<string, AptPolicy>,
): AptDecision {
  const d: AptDecision = { install: [], remove: [], missing: [], held: [] };
  for (const { name, version } of specs) {
    const pkg = dpkg.get(name);
    const installed = pkg?.status === 'installed';
    const pol = policy.get(name);
    if (state === 'absent') {
      const matches = version === undefined || (pkg !== undefined && globMatch(pkg.version, version));
      const hasFiles = pkg?.status === 'config-files' && purge;
      if ((installed || hasFiles) && matches) {
        d.remove.push(name);
        if (pkg?.want === 'hold') d.held.push(name);
      }
      continue;
    }
    let target: string | undefined;
    if (version !== undefined) {
      if (installed && globMatch(pkg.version, version)) continue;
      const chosen = pol?.versions.find((v) => globMatch(v, version));
      if (chosen === undefined) {
        d.missing.push(`${name}=${version}`);
        continue;
      }
      target = `${name}=${chosen}`;
    } else if (state === 'latest') {
      if (installed && (pol?.candidate === undefined || pol.candidate === pkg.version)) continue;
      if (pol?.candidate === undefined) {
        d.missing.push(name);
        continue;
      }
      target = name;
    } else {
      if (installed) continue;
      if (pol?.candidate === undefined) {
        d.missing.push(name);
        continue;
      }
      target = name;
    }
    d.install.push(target);
    if (pkg?.want === 'hold') d.held.push(name);
  }
  return d;
}

/** Parses `dpkg-deb -f FILE Package Version` output. */
export function parseDebFields(text: string): { name: string; version: string } | undefined {
  const name = /^Package:\s*(\S+)/m.exec(text)?.[1];
  const version = /^Version:\s*(\S+)/m.exec(text)?.[1];
  return name && version ? { name, version } : undefined;
}
