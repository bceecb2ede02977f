import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostUnreachable, TransportError } from '../errors/index.js';
import type { Inventory } from '../inventory/index.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { Play, RoleContext, TaskNode } from '../playbook/ir.js';
import { OMIT, type Scope } from '../template/index.js';
import type { Transport } from '../transport/transport.js';
import { createScope, type VarLayer } from '../vars/index.js';
import { EventBus } from './event-bus.js';
import { HostState } from './host-state.js';
import type { Inherited } from './inherited.js';
import type { EngineOptions } from './options.js';
import { BUILTIN_SECRET_VARS, SecretMasker } from './secrets.js';

const IMPLICIT_LOCALHOST = { ansible_connection: 'local' };

/** Everything one run shares: inventory, options, hosts' states, the event bus and the secret masker. */
export class RunContext {
  readonly masker = new SecretMasker();
  readonly events: EventBus;
  private readonly hosts = new Map<string, HostState>();
  private readonly inventoryLayers = new Map<string, VarLayer[]>();
  /** Vars of the play being run, set by the play runner. */
  play?: Play;
  playVarsFiles: Record<string, unknown> = {};
  playHosts: string[] = [];
  playBatch: string[] = [];
  /** Set by --start-at-task until the named task is reached. */
  waitingForStart: string | undefined;
  aborted = false;

  constructor(
    readonly inventory: Inventory,
    readonly registry: ModuleRegistry,
    readonly options: EngineOptions,
  ) {
    this.events = new EventBus(this.masker, options.clock);
    this.waitingForStart = options.startAtTask;
    if (options.becomePassword) this.masker.add(options.becomePassword);
  }

  host(name: string): HostState {
    let h = this.hosts.get(name);
    if (!h) {
      h = new HostState(name);
      this.hosts.set(name, h);
    }
    return h;
  }

  knownHosts(): HostState[] {
    return [...this.hosts.values()];
  }

  /** Inventory layers of a host (group and host vars, files beside inventory and playbook), computed once. */
  private inventoryVars(host: string): VarLayer[] {
    let layers = this.inventoryLayers.get(host);
    if (!layers) {
      const dirs = this.play ? [this.play.dir] : [];
      layers = this.inventory.hasHost(host)
        ? this.inventory
            .hostVarLayers(host, dirs)
            .map((l) => ({ name: l.source, vars: l.vars, templated: true }))
        : host === 'localhost'
          ? [{ name: 'implicit localhost', vars: IMPLICIT_LOCALHOST, templated: false }]
          : [];
      this.inventoryLayers.set(host, layers);
      this.registerSecrets(layers);
    }
    return layers;
  }

  /** Values of secret-named variables are masked from here on. Their raw (untemplated) values suffice for
   * literal secrets; templated ones are added when rendered for a connection. */
  private registerSecrets(layers: VarLayer[]): void {
    const names = new Set([...BUILTIN_SECRET_VARS, ...this.options.secretVarNames]);
    for (const layer of layers) {
      for (const [k, v] of Object.entries(layer.vars)) {
        if (names.has(k) && !(typeof v === 'string' && v.includes('{{'))) this.masker.add(v);
        if (k === 'provision_secret_vars' && Array.isArray(v))
          for (const n of v) if (typeof n === 'string') this.options.secretVarNames.push(n);
      }
    }
  }

  /** Facts of a host: gathered in this run, else from the fact cache on disk. */
  factsOf(host: string): Record<string, unknown> {
    const h = this.hosts.get(host);
    if (h?.factsGathered) return h.facts;
    const file = join(this.options.factCacheDir, `${host}.json`);
    if (existsSync(file)) {
      try {
        const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        if (h) {
          h.facts = cached;
        }
        return cached;
      } catch {
        return {};
      }
    }
    return h?.facts ?? {};
  }

  saveFacts(host: string, facts: Record<string, unknown>): void {
    mkdirSync(this.options.factCacheDir, { recursive: true });
    writeFileSync(join(this.options.factCacheDir, `${host}.json`), JSON.stringify(facts));
  }

  private factLayer(host: string): VarLayer {
    const facts = this.factsOf(host);
    const flat: Record<string, unknown> = { ansible_facts: facts };
    for (const [k, v] of Object.entries(facts)) flat[k.startsWith('ansible_') ? k : `ansible_${k}`] = v;
    return { name: 'facts', vars: flat, templated: false };
  }

  private extraLayer(): VarLayer {
    return { name: 'extra vars', vars: this.options.extraVars, templated: true };
  }

  /** `hostvars[h]`: inventory vars, facts, set_fact/register results and extra vars of h. */
  hostvarsScope(host: string): Scope {
    const h = this.hosts.get(host);
    const layers = [...this.inventoryVars(host), this.factLayer(host)];
    if (h) layers.push({ name: 'set_fact', vars: h.setFacts, templated: false });
    layers.push(this.extraLayer());
    return createScope(layers, this.baseMagic(host));
  }

  private hostvarsProxy(): Record<string, unknown> {
    const cache = new Map<string, Scope>();
    const names = () => [...new Set([...this.inventory.hostNames(), ...this.hosts.keys()])];
    return new Proxy({} as Record<string, unknown>, {
      has: (_t, k) => typeof k === 'string' && (this.inventory.hasHost(k) || this.hosts.has(k)),
      get: (_t, k) => {
        if (typeof k !== 'string' || !(this.inventory.hasHost(k) || this.hosts.has(k))) return undefined;
        let s = cache.get(k);
        if (!s) {
          s = this.hostvarsScope(k);
          cache.set(k, s);
        }
        return s;
      },
      ownKeys: () => names(),
      getOwnPropertyDescriptor: (_t, k) =>
        typeof k === 'string' && (this.inventory.hasHost(k) || this.hosts.has(k))
          ? { enumerable: true, configurable: true, value: undefined }
          : undefined,
    });
  }

  private baseMagic(host: string): Record<string, unknown> {
    return {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      inventory_file: this.inventory.inventoryFileOf(host),
      inventory_dir: this.inventory.inventoryFileOf(host)?.replace(/\/[^/]*$/, ''),
      group_names: this.inventory.hasHost(host) ? this.inventory.groupNamesOf(host) : [],
      groups: this.inventory.groupsMap(),
      omit: OMIT,
      ansible_version: { full: '2.17.0', major: 2, minor: 17, revision: 0, string: '2.17.0 (provision)' },
    };
  }

  /** The full scope a task sees on a host, by precedence (see vars/precedence.ts). */
  taskScope(
    host: string,
    task: Pick<TaskNode, 'keywords'> | undefined,
    inh: Inherited,
    extra: Record<string, unknown> = {},
    checkMode = this.options.check,
  ): Scope {
    const play = this.play;
    const h = this.host(host);
    const role = inh.role;
    const roles: RoleContext[] = play ? play.roles.filter((r) => r !== role) : [];
    const layers: VarLayer[] = [];
    for (const r of roles)
      layers.push({ name: `role ${r.name} defaults`, vars: r.defaults, templated: true });
    if (role) layers.push({ name: `role ${role.name} defaults`, vars: role.defaults, templated: true });
    layers.push(...this.inventoryVars(host));
    layers.push(this.factLayer(host));
    if (play) {
      layers.push({ name: 'play vars', vars: play.vars, templated: true });
      layers.push({ name: 'vars_files', vars: this.playVarsFiles, templated: true });
    }
    for (const r of roles) layers.push({ name: `role ${r.name} vars`, vars: r.vars, templated: true });
    if (role) layers.push({ name: `role ${role.name} vars`, vars: role.vars, templated: true });
    for (const bv of inh.blockVars) layers.push({ name: 'block vars', vars: bv, templated: true });
    if (task) layers.push({ name: 'task vars', vars: task.keywords.vars, templated: true });
    layers.push({ name: 'include_vars', vars: h.includeVars, templated: true });
    layers.push({ name: 'set_fact', vars: h.setFacts, templated: false });
    if (role) layers.push({ name: `role ${role.name} params`, vars: role.params, templated: true });
    layers.push(this.extraLayer());
    layers.push({ name: 'loop', vars: extra, templated: false });
    const magic: Record<string, unknown> = {
      ...this.baseMagic(host),
      hostvars: this.hostvarsProxy(),
      play_hosts: this.playBatch,
      ansible_play_hosts: this.playHosts.filter((n) => this.host(n).active),
      ansible_play_hosts_all: this.playHosts,
      ansible_play_batch: this.playBatch,
      ansible_check_mode: checkMode,
      ansible_diff_mode: this.options.diff,
      ansible_forks: this.options.forks,
      ansible_verbosity: this.options.verbosity,
      ansible_run_tags: this.options.tags.length > 0 ? this.options.tags : ['all'],
      ansible_skip_tags: this.options.skipTags,
      playbook_dir: play?.dir,
      role_path: role?.path,
      role_name: role?.name,
      ansible_role_name: role?.name,
    };
    const scope = createScope(layers, magic);
    this.maskSecretVars(scope);
    return scope;
  }

  /** Values of variables named secret (built-in names, --secret-var, provision_secret_vars) are masked from the
   * moment a task can see them, whichever layer they come from. */
  private maskSecretVars(scope: Scope): void {
    const listed = 'provision_secret_vars' in scope ? scope.provision_secret_vars : undefined;
    const names = [
      ...BUILTIN_SECRET_VARS,
      ...this.options.secretVarNames,
      ...(Array.isArray(listed) ? listed.map(String) : []),
    ];
    for (const name of names) {
      if (!(name in scope)) continue;
      try {
        this.masker.add(scope[name]);
      } catch {
        // A secret that cannot be rendered yet is masked when it can; the task using it fails on its own.
      }
    }
  }

  /** The transport of a host, connected on first use; unreachable hosts throw HostUnreachable. */
  async transportFor(host: string, scope?: Scope): Promise<Transport> {
    const h = this.host(host);
    if (h.transport) return h.transport;
    if (!h.connecting) {
      const vars = connectionVars(scope ?? this.hostvarsScope(host), this.options);
      for (const k of BUILTIN_SECRET_VARS) this.masker.add(vars[k]);
      h.connecting = this.options.connect(host, vars).then(
        (t) => {
          h.transport = t;
          return t;
        },
        (e: unknown) => {
          h.connecting = undefined;
          if (e instanceof TransportError) throw e;
          throw new HostUnreachable({
            code: 'PRV405',
            host,
            message: `cannot connect: ${e instanceof Error ? e.message : String(e)}`,
            cause: e,
          });
        },
      );
    }
    return h.connecting;
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.hosts.values()].map(async (h) => {
        if (h.transport) await h.transport.close().catch(() => undefined);
      }),
    );
  }
}

const CONNECTION_VARS = [
  'inventory_hostname',
  'ansible_host',
  'ansible_port',
  'ansible_user',
  'ansible_connection',
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_ssh_private_key_file',
  'ansible_private_key_file',
  'ansible_ssh_common_args',
  'ansible_ssh_extra_args',
  'ansible_become',
  'ansible_become_user',
  'ansible_become_password',
  'ansible_become_pass',
  'ansible_ssh_private_key_passphrase',
  'ansible_ssh_host_key_checking',
  'ansible_host_key_checking',
];

/** The variables a transport needs, rendered. Command-line settings (-c, -u, --private-key, -K) are defaults:
 * host variables win over them, as in Ansible. */
export function connectionVars(scope: Scope, options: EngineOptions): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const k of CONNECTION_VARS) if (k in scope && scope[k] !== undefined) vars[k] = scope[k];
  vars.ansible_connection ??= options.connection;
  vars.ansible_user ??= options.remoteUser;
  vars.ansible_ssh_private_key_file ??= vars.ansible_private_key_file ?? options.privateKeyFile;
  vars.ansible_become_password ??= vars.ansible_become_pass ?? options.becomePassword;
  return vars;
}
