import type { Transport } from '../transport/transport.js';
import type { Clock } from './clock.js';

export interface EngineOptions {
  check: boolean;
  diff: boolean;
  forks: number;
  limit?: string;
  tags: string[];
  skipTags: string[];
  extraVars: Record<string, unknown>;
  startAtTask?: string;
  verbosity: number;
  /** Command-line overrides of connection and become settings (win over inventory, as in Ansible). */
  connection?: 'ssh' | 'local';
  remoteUser?: string;
  privateKeyFile?: string;
  become?: boolean;
  becomeUser?: string;
  becomePassword?: string;
  /** Names of variables whose values are secrets, in addition to the built-in ones. */
  secretVarNames: string[];
  /** Where facts of hosts are cached, so `hostvars` of hosts outside --limit need no connection. */
  factCacheDir: string;
  tmpDir: string;
  clock: Clock;
  /** Opens a transport for a host from its merged variables. */
  connect: (host: string, vars: Record<string, unknown>) => Promise<Transport>;
}
