import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { checkTemplatesDeep } from './check-templates.js';
import type { BlockNode, InheritedKeywords, PlayNode, RoleContext, TaskNode } from './ir.js';
import { readInheritedKeywords } from './keyword-values.js';
import { at, isPlainObject, type LoadContext, type Where } from './load-context.js';
import { loadTaskFile, type TaskScope } from './load-tasks.js';

export interface LoadedRole {
  block: BlockNode;
  handlers: TaskNode[];
  contexts: RoleContext[];
}

const MAIN_NAMES = ['main.yml', 'main.yaml', 'main.json', 'main'];

function findMain(dir: string, base = 'main'): string | undefined {
  const names = base === 'main' ? MAIN_NAMES : [`${base}.yml`, `${base}.yaml`, `${base}.json`, base];
  for (const n of names) {
    const p = join(dir, n);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}

/** Resolves and loads roles for one play (each role once per play unless its parameters differ). */
export class RoleLoader {
  private readonly seen = new Set<string>();
  readonly handlers: TaskNode[] = [];
  readonly contexts: RoleContext[] = [];

  constructor(
    private readonly ctx: LoadContext,
    private readonly playbookDir: string,
  ) {}

  searchDirs(): string[] {
    const o = this.ctx.options;
    return [
      join(this.playbookDir, 'roles'),
      ...(o.rolesPath ?? []),
      ...(o.projectRolesDir ? [o.projectRolesDir] : []),
      this.playbookDir,
    ];
  }

  find(name: string, where: Where): string {
    if (name.includes('/') || isAbsolute(name)) {
      const p = resolve(this.playbookDir, name);
      if (existsSync(p)) return p;
    }
    for (const dir of this.searchDirs()) {
      const p = join(dir, name);
      if (
        existsSync(join(p, 'tasks')) ||
        existsSync(join(p, 'meta')) ||
        existsSync(join(p, 'handlers')) ||
        existsSync(join(p, 'defaults'))
      ) {
        return p;
      }
    }
    throw this.ctx.error('PRV210', `role '${name}' not found`, where, {
      hint: `searched: ${this.searchDirs().join(', ')}`,
    });
  }

  private varsFile(rolePath: string, sub: 'defaults' | 'vars', where: Where): Record<string, unknown> {
    const file = findMain(join(rolePath, sub));
    if (!file) return {};
    const src = this.ctx.read(file, where);
    if (src.value === null || src.value === undefined) return {};
    if (!isPlainObject(src.value))
      throw this.ctx.error('PRV203', `${sub}/main must be a map of variables`, { src, path: [] });
    checkTemplatesDeep(this.ctx, src.value, { src, path: [] });
    return src.value;
  }

  private scope(role: RoleContext): TaskScope {
    return {
      baseDir: role.path,
      role,
      importRole: (name, tasksFrom, where, params) => this.load(name, where, params, tasksFrom, true).block,
      checkRole: (name, where) => {
        this.find(name, where);
      },
    };
  }

  /** Loads a role with its meta dependencies (dependencies first) as one block. */
  load(
    name: string,
    where: Where,
    params: Record<string, unknown>,
    tasksFrom?: string,
    force = false,
    keywords?: InheritedKeywords,
  ): LoadedRole {
    const path = this.find(name, where);
    const roleName = path.split('/').pop() ?? name;
    const key = `${path}|${tasksFrom ?? ''}|${JSON.stringify(params)}`;
    const kw: InheritedKeywords = keywords ?? { when: [], tags: [], environment: [], vars: {} };
    const empty: BlockNode = {
      kind: 'block',
      loc: this.ctx.locate(where),
      block: [],
      rescue: [],
      always: [],
      keywords: kw,
    };
    if (this.seen.has(key) && !force) return { block: empty, handlers: [], contexts: [] };
    this.seen.add(key);
    return this.ctx.within(`role:${path}`, where, () => {
      const role: RoleContext = {
        name: roleName,
        path,
        defaults: this.varsFile(path, 'defaults', where),
        vars: this.varsFile(path, 'vars', where),
        params,
      };
      const nodes: PlayNode[] = [];
      for (const dep of this.dependencies(path, where)) nodes.push(dep.block);
      const tasksFile = findMain(join(path, 'tasks'), tasksFrom ?? 'main');
      if (tasksFrom && !tasksFile)
        throw this.ctx.error('PRV202', `role ${roleName} has no tasks/${tasksFrom}.yml`, where);
      if (tasksFile) nodes.push(...loadTaskFile(this.ctx, tasksFile, this.scope(role), where));
      const handlersFile = findMain(join(path, 'handlers'));
      if (handlersFile) {
        const hs = loadTaskFile(this.ctx, handlersFile, { ...this.scope(role), handlers: true }, where);
        this.handlers.push(...flattenHandlers(hs));
      }
      this.contexts.push(role);
      return { block: { ...empty, block: nodes, role }, handlers: this.handlers, contexts: this.contexts };
    });
  }

  private dependencies(rolePath: string, where: Where): LoadedRole[] {
    const file = findMain(join(rolePath, 'meta'));
    if (!file) return [];
    const src = this.ctx.read(file, where);
    const meta = src.value;
    if (meta === null || meta === undefined) return [];
    if (!isPlainObject(meta)) throw this.ctx.error('PRV203', 'meta/main must be a map', { src, path: [] });
    const deps = meta.dependencies;
    if (deps === undefined || deps === null) return [];
    if (!Array.isArray(deps))
      throw this.ctx.error('PRV203', 'dependencies must be a list', { src, path: ['dependencies'] });
    return deps.map((d, i) => {
      const w: Where = { src, path: ['dependencies', i] };
      const ref = parseRoleRef(this.ctx, d, w);
      return this.load(ref.name, w, ref.params, undefined, false, ref.keywords);
    });
  }
}

/** Handlers may be grouped in blocks; the engine runs them as a flat list of tasks. */
function flattenHandlers(nodes: PlayNode[]): TaskNode[] {
  const out: TaskNode[] = [];
  for (const n of nodes) {
    if (n.kind === 'task') out.push(n);
    else if (n.kind === 'block') out.push(...flattenHandlers([...n.block, ...n.rescue, ...n.always]));
  }
  return out;
}

export { flattenHandlers };

const ROLE_REF_KEYWORDS = new Set([
  'when',
  'tags',
  'become',
  'become_user',
  'become_method',
  'environment',
  'vars',
  'ignore_errors',
  'no_log',
  'check_mode',
  'diff',
  'delegate_to',
  'run_once',
  'any_errors_fatal',
  'throttle',
]);

/** A role reference: `name`, or `{ role: name, vars?, when?, tags?, other keys as role params }`. */
export function parseRoleRef(
  ctx: LoadContext,
  raw: unknown,
  where: Where,
): { name: string; params: Record<string, unknown>; keywords: InheritedKeywords } {
  if (typeof raw === 'string')
    return { name: raw, params: {}, keywords: { when: [], tags: [], environment: [], vars: {} } };
  if (!isPlainObject(raw)) throw ctx.error('PRV203', 'a role is a name or a map with role:', where);
  const name = raw.role ?? raw.name;
  if (typeof name !== 'string') throw ctx.error('PRV203', 'a role entry needs role: NAME', where);
  const kwRaw: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'role' || k === 'name') continue;
    if (ROLE_REF_KEYWORDS.has(k)) kwRaw[k] = v;
    else params[k] = v;
  }
  const keywords = readInheritedKeywords(ctx, kwRaw, where);
  checkTemplatesDeep(ctx, params, where);
  const allParams = { ...params, ...keywords.vars };
  return { name, params: allParams, keywords: { ...keywords, vars: {} } };
}

export { at };
