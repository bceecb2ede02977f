import type { SourceLocation } from '../errors/location.js';

/**
 * The typed intermediate form of playbooks, roles and task files. Every node carries the location it came from.
 * Values stay raw (possibly templated); the engine renders them per host at run time.
 */

/** A bare expression (`when`, `changed_when`, `failed_when`, `until`, `assert.that`) with where it was written. */
export interface Condition {
  source: string | boolean;
  loc: SourceLocation;
}

export interface LoopControl {
  loopVar: string;
  indexVar?: string;
  label?: string;
  pauseSeconds?: number;
  extended?: boolean;
}

/** Keywords that blocks, tasks, roles and plays share and that inherit downwards. */
export interface InheritedKeywords {
  when: Condition[];
  tags: string[];
  become?: boolean | string;
  becomeUser?: string;
  becomeMethod?: string;
  environment: unknown[];
  vars: Record<string, unknown>;
  ignoreErrors?: boolean | string;
  ignoreUnreachable?: boolean;
  noLog?: boolean | string;
  checkMode?: boolean | string;
  diff?: boolean | string;
  delegateTo?: string;
  runOnce?: boolean | string;
  anyErrorsFatal?: boolean;
  throttle?: number | string;
}

export interface TaskNode {
  kind: 'task';
  name: string;
  /** True when the user gave a name (otherwise `name` is the module name, as Ansible shows it). */
  named: boolean;
  loc: SourceLocation;
  /** Canonical module name (aliases resolved). */
  module: string;
  args: Record<string, unknown>;
  keywords: InheritedKeywords;
  loop?: unknown;
  /** `with_items` and friends flatten one level, `loop` does not. */
  loopFlatten?: boolean;
  loopControl?: LoopControl;
  register?: string;
  changedWhen?: Condition[];
  failedWhen?: Condition[];
  until?: Condition[];
  retries?: number | string;
  delay?: number | string;
  notify: string[];
  /** The role this task came from, for role_path, role_name and role-relative files. */
  role?: RoleContext;
  /** Directory against which relative files are resolved when not in a role (the task file's dir). */
  baseDir: string;
  /** Set for handlers. */
  listen?: string[];
}

export interface BlockNode {
  kind: 'block';
  name?: string;
  loc: SourceLocation;
  block: PlayNode[];
  rescue: PlayNode[];
  always: PlayNode[];
  keywords: InheritedKeywords;
  role?: RoleContext;
}

/** Dynamic include: the file is rendered per host and loaded at run time. */
export interface IncludeTasksNode {
  kind: 'include_tasks';
  name: string;
  loc: SourceLocation;
  file: string;
  keywords: InheritedKeywords;
  loop?: unknown;
  loopControl?: LoopControl;
  role?: RoleContext;
  baseDir: string;
}

export interface IncludeRoleNode {
  kind: 'include_role';
  name: string;
  loc: SourceLocation;
  role: string;
  tasksFrom?: string;
  keywords: InheritedKeywords;
  loop?: unknown;
  loopControl?: LoopControl;
  baseDir: string;
}

export type PlayNode = TaskNode | BlockNode | IncludeTasksNode | IncludeRoleNode;

export interface RoleContext {
  name: string;
  path: string;
  defaults: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** Parameters given where the role is used (`- role: x` + keys, or `vars:`). */
  params: Record<string, unknown>;
}

export interface Play {
  name: string;
  loc: SourceLocation;
  hosts: string;
  file: string;
  dir: string;
  vars: Record<string, unknown>;
  varsFiles: { path: string; loc: SourceLocation }[];
  gatherFacts: boolean;
  keywords: InheritedKeywords;
  serial: (number | string)[];
  maxFailPercentage?: number;
  strategy: 'linear' | 'free';
  forceHandlers: boolean;
  /** pre_tasks, roles (as blocks), tasks, post_tasks in run order; handlers are flushed between sections. */
  sections: { name: 'pre_tasks' | 'roles' | 'tasks' | 'post_tasks'; nodes: PlayNode[] }[];
  handlers: TaskNode[];
  roles: RoleContext[];
}

export interface Playbook {
  file: string;
  dir: string;
  plays: Play[];
}
