import { parseSshArgs } from './ssh-args.js';
import { expandSshTokens, lookupSshConfig, type SshConfig } from './ssh-config.js';

/**
 * Everything that decides how one host is reached, resolved once from the host's variables, the run's options,
 * `-o` options in `ansible_ssh_common_args`/`ansible_ssh_extra_args` and ssh_config. Pure: files are read by the
 * caller. Precedence follows Ansible + OpenSSH: connection variables beat the run's defaults (as `ansible_user`
 * beats `-u`), command-line `-o` options beat ssh_config, and the first value obtained wins.
 */

export type StrictHostKeyChecking = 'yes' | 'accept-new' | 'no';

export interface JumpSpec {
  host: string;
  user?: string;
  port?: number;
}

export interface SshConnectOptions {
  user?: string;
  privateKeyFile?: string;
  password?: string;
  /** `--accept-new-host-keys`: record unknown host keys (never accepts a changed one). */
  acceptNewHostKeys?: boolean;
  /** Overrides every other UserKnownHostsFile setting. */
  knownHostsFile?: string;
  /** Like `ssh -F`: only this file is read (no ~/.ssh/config, no /etc/ssh/ssh_config). */
  sshConfigFile?: string;
  connectTimeoutMs?: number;
  keepaliveMs?: number;
  /** Connect attempts after the first, for refused connections and timeouts. */
  retries?: number;
  /** Asked for the passphrase of an encrypted private key; never logged. */
  passphrase?: () => Promise<string> | string;
  agentSocket?: string;
  log?: (level: 'debug' | 'info' | 'warn', msg: string) => void;
}

export interface ResolvedSshOptions {
  /** The inventory name, used in every message. */
  host: string;
  /** The name as given to ssh (ansible_host or the inventory name); ssh_config `Host` matches this. */
  target: string;
  /** The address connected to, after ssh_config HostName. */
  hostname: string;
  port: number;
  user: string;
  /** Explicit identity files first (variables, run option, -i/-o), then ssh_config's; defaults when none. */
  identityFiles: string[];
  /** True when identity files came from configuration; false when they are OpenSSH's defaults (may not exist). */
  identityFilesExplicit: boolean;
  identitiesOnly: boolean;
  password?: string;
  agentSocket?: string;
  /** Files read for verification; new keys are recorded in the first. */
  knownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  hashKnownHosts: boolean;
  jumps: JumpSpec[];
  /** A ProxyCommand that is not `ssh -W %h:%p jump`, which provision cannot run. */
  unsupportedProxyCommand?: string;
  connectTimeoutMs: number;
  keepaliveMs: number;
  keepaliveCountMax: number;
  retries: number;
  ignoredArgs: string[];
}

export interface SshEnvironment {
  home: string;
  localUser: string;
  authSock?: string;
}

const DEFAULT_IDENTITY_FILES = ['~/.ssh/id_rsa', '~/.ssh/id_ecdsa', '~/.ssh/id_ed25519'];

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function positiveInt(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v);
}

/** `[user@]host[:port]`, `[user@][v6addr]:port` or `ssh://user@host:port`, comma-separated for several hops. */
export function parseProxyJump(text: string): JumpSpec[] {
  if (text.trim().toLowerCase() === 'none') return [];
  return text
    .split(',')
    .map((s) => s.trim().replace(/^ssh:\/\//, ''))
    .filter((s) => s !== '')
    .map((s) => {
      const at = s.lastIndexOf('@');
      const user = at >= 0 ? s.slice(0, at) : undefined;
      const rest = at >= 0 ? s.slice(at + 1) : s;
      const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
      const host = m?.[1] ?? rest;
      const port = m?.[2] ? Number(m[2]) : undefined;
      return { host, ...(user ? { user } : {}), ...(port ? { port } : {}) };
    });
}

/** A ProxyCommand that only forwards through another ssh (`ssh [opts] -W %h:%p jump`) is a ProxyJump. */
function proxyCommandAsJump(cmd: string): JumpSpec[] | undefined {
  const words = cmd.trim().split(/\s+/);
  if (!/(^|\/)ssh$/.test(words[0] ?? '') || !words.includes('-W')) return undefined;
  let user: string | undefined;
  let port: number | undefined;
  let host: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-W' || w === '-i' || w === '-F' || w === '-o') i++;
    else if (w === '-l') user = words[++i];
    else if (w === '-p') port = Number(words[++i]);
    else if (!w.startsWith('-')) host = w;
  }
  if (!host) return undefined;
  const [spec] = parseProxyJump(host);
  if (!spec) return undefined;
  return [{ ...spec, ...(user ? { user } : {}), ...(port ? { port } : {}) }];
}

function strictness(value: string | undefined): StrictHostKeyChecking | undefined {
  switch (value?.toLowerCase()) {
    case 'no':
    case 'off':
      return 'no';
    case 'accept-new':
      return 'accept-new';
    case 'yes':
    case 'ask':
      return 'yes';
    default:
      return undefined;
  }
}

/** The ssh_config file(s) to read: `-F` in the host's ssh args or the run option, else the user's and system's. */
export function sshConfigFilesFor(
  hostVars: Record<string, unknown>,
  options: SshConnectOptions,
  env: SshEnvironment,
): string[] {
  const args = parseSshArgs(str(hostVars.ansible_ssh_common_args), str(hostVars.ansible_ssh_extra_args));
  const explicit = args.configFile ?? options.sshConfigFile;
  if (explicit) return [explicit.replace(/^~(?=\/|$)/, env.home)];
  return [`${env.home}/.ssh/config`, '/etc/ssh/ssh_config'];
}

export function resolveSshOptions(
  hostVars: Record<string, unknown>,
  options: SshConnectOptions,
  config: SshConfig,
  env: SshEnvironment,
): ResolvedSshOptions {
  const host = str(hostVars.inventory_hostname) ?? str(hostVars.ansible_host) ?? 'localhost';
  const target = str(hostVars.ansible_host) ?? str(hostVars.ansible_ssh_host) ?? host;
  const args = parseSshArgs(str(hostVars.ansible_ssh_common_args), str(hostVars.ansible_ssh_extra_args));
  const o = args.options;
  const cfg = lookupSshConfig(config, target);

  const hostname = o.hostname ?? cfg.hostname ?? target;
  const port =
    positiveInt(str(hostVars.ansible_port) ?? str(hostVars.ansible_ssh_port)) ??
    positiveInt(o.port) ??
    positiveInt(cfg.port) ??
    22;
  const user =
    str(hostVars.ansible_user) ??
    str(hostVars.ansible_ssh_user) ??
    options.user ??
    o.user ??
    cfg.user ??
    env.localUser;
  const tokens = {
    home: env.home,
    host: hostname,
    originalHost: target,
    port,
    user,
    localUser: env.localUser,
  };
  const expand = (p: string) => expandSshTokens(p, tokens);

  const explicitKey =
    str(hostVars.ansible_ssh_private_key_file) ??
    str(hostVars.ansible_private_key_file) ??
    options.privateKeyFile;
  const configured = [...(explicitKey ? [explicitKey] : []), ...args.identityFiles, ...cfg.identityfile];
  const identityFiles = [
    ...new Set((configured.length > 0 ? configured : DEFAULT_IDENTITY_FILES).map(expand)),
  ];

  const userKnown = options.knownHostsFile ?? o.userknownhostsfile ?? cfg.userknownhostsfile;
  const knownHostsFiles = userKnown
    ? userKnown.split(/\s+/).filter(Boolean).map(expand)
    : [`${env.home}/.ssh/known_hosts`, `${env.home}/.ssh/known_hosts2`];
  const globalKnown = o.globalknownhostsfile ?? cfg.globalknownhostsfile;
  const globalKnownHostsFiles = globalKnown
    ? globalKnown.split(/\s+/).filter(Boolean).map(expand)
    : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

  let strict = strictness(o.stricthostkeychecking) ?? strictness(cfg.stricthostkeychecking) ?? 'yes';
  if (options.acceptNewHostKeys && strict === 'yes') strict = 'accept-new';

  const proxyCommand = o.proxycommand ?? cfg.proxycommand;
  const jumpText = o.proxyjump ?? cfg.proxyjump;
  let jumps: JumpSpec[] = [];
  let unsupportedProxyCommand: string | undefined;
  if (jumpText !== undefined) jumps = parseProxyJump(jumpText);
  else if (proxyCommand !== undefined && proxyCommand.toLowerCase() !== 'none') {
    const asJump = proxyCommandAsJump(proxyCommand);
    if (asJump) jumps = asJump;
    else unsupportedProxyCommand = proxyCommand;
  }

  const timeoutS = positiveInt(o.connecttimeout) ?? positiveInt(cfg.connecttimeout);
  const aliveS = positiveInt(o.serveraliveinterval) ?? positiveInt(cfg.serveraliveinterval);
  const yes = (v: string | undefined) => v?.toLowerCase() === 'yes';

  const password =
    str(hostVars.ansible_password) ??
    str(hostVars.ansible_ssh_pass) ??
    str(hostVars.ansible_ssh_password) ??
    options.password;
  const agentSocket =
    options.agentSocket ?? o.identityagent ?? cfg.identityagent ?? env.authSock ?? undefined;

  return {
    host,
    target,
    hostname,
    port,
    user,
    identityFiles,
    identityFilesExplicit: configured.length > 0,
    identitiesOnly: yes(o.identitiesonly ?? cfg.identitiesonly),
    ...(password !== undefined ? { password } : {}),
    ...(agentSocket && agentSocket.toLowerCase() !== 'none' ? { agentSocket: expand(agentSocket) } : {}),
    knownHostsFiles,
    globalKnownHostsFiles,
    strictHostKeyChecking: strict,
    hashKnownHosts: yes(o.hashknownhosts ?? cfg.hashknownhosts),
    jumps,
    ...(unsupportedProxyCommand !== undefined ? { unsupportedProxyCommand } : {}),
    connectTimeoutMs: timeoutS !== undefined ? timeoutS * 1000 : (options.connectTimeoutMs ?? 10_000),
    keepaliveMs: aliveS !== undefined ? aliveS * 1000 : (options.keepaliveMs ?? 15_000),
    keepaliveCountMax: positiveInt(o.serveralivecountmax ?? cfg.serveralivecountmax) ?? 3,
    retries: options.retries ?? 2,
    ignoredArgs: args.ignored,
  };
}
