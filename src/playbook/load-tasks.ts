import { dirname, isAbsolute, resolve } from 'node:path';
import { didYouMean } from '../errors/suggest.js';
import { checkTemplatesDeep, parseConditions } from './check-templates.js';
import type {
  BlockNode,
  IncludeRoleNode,
  IncludeTasksNode,
  LoopControl,
  PlayNode,
  RoleContext,
  TaskNode,
} from './ir.js';
import { readBool, readInheritedKeywords, readString, readStringList } from './keyword-values.js';
import {
  BLOCK_KEYWORDS,
  INCLUDE_ACTIONS,
  SUPPORTED_WITH,
  stripCollection,
  TASK_KEYWORDS,
  WITH_LOOKUPS,
} from './keywords.js';
import { KvSyntaxError, parseKvArgs } from './kv-args.js';
import { at, isPlainObject, type LoadContext, type Where } from './load-context.js';
import { validateModuleArgs } from './module-args.js';

/** Where tasks are loaded from: the directory relative files resolve against, and the role if any. */
export interface TaskScope {
  baseDir: string;
  role?: RoleContext;
  /** Loads a role's tasks for import_role (provided by the role loader to avoid a module cycle). */
  importRole: (
    name: string,
    tasksFrom: string | undefined,
    where: Where,
    params: Record<string, unknown>,
  ) => BlockNode;
  /** Checks a role exists (include_role with a literal name). */
  checkRole: (name: string, where: Where) => void;
  handlers?: boolean;
}

export function loadTaskFile(ctx: LoadContext, file: string, scope: TaskScope, from?: Where): PlayNode[] {
  return ctx.within(file, from, () => {
    const src = ctx.read(file, from);
    const where: Where = { src, path: [] };
    if (src.value === null || src.value === undefined) return [];
    return parseTaskList(ctx, src.value, where, {
      ...scope,
      baseDir: scope.role ? scope.baseDir : dirname(file),
    });
  });
}

export function parseTaskList(ctx: LoadContext, value: unknown, where: Where, scope: TaskScope): PlayNode[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw ctx.error('PRV203', 'expected a list of tasks', where);
  return value.map((item, i) => parseTaskOrBlock(ctx, item, at(where, i), scope));
}

function parseTaskOrBlock(ctx: LoadContext, raw: unknown, where: Where, scope: TaskScope): PlayNode {
  if (!isPlainObject(raw)) throw ctx.error('PRV203', 'a task must be a map (name: ..., module: ...)', where);
  if ('block' in raw) return parseBlock(ctx, raw, where, scope);
  return parseTask(ctx, raw, where, scope);
}

function parseBlock(
  ctx: LoadContext,
  raw: Record<string, unknown>,
  where: Where,
  scope: TaskScope,
): BlockNode {
  for (const key of Object.keys(raw)) {
    if (!BLOCK_KEYWORDS.has(key)) {
      throw ctx.error('PRV204', `'${key}' is not a valid keyword for a block`, at(where, key), {
        key: true,
        hint: didYouMean(key, BLOCK_KEYWORDS),
      });
    }
  }
  const keywords = readInheritedKeywords(ctx, raw, where);
  checkTemplatesDeep(ctx, keywords.vars, at(where, 'vars'));
  return {
    kind: 'block',
    name: typeof raw.name === 'string' ? raw.name : undefined,
    loc: ctx.locate(where),
    block: parseTaskList(ctx, raw.block, at(where, 'block'), scope),
    rescue: parseTaskList(ctx, raw.rescue, at(where, 'rescue'), scope),
    always: parseTaskList(ctx, raw.always, at(where, 'always'), scope),
    keywords,
    role: scope.role,
  };
}

interface ModuleSpec {
  name: string;
  args: Record<string, unknown>;
  argsWhere: Where;
  inline: boolean;
  key: string;
}

/** Finds the one module (or include) key of a task and its arguments. */
function findModule(ctx: LoadContext, raw: Record<string, unknown>, where: Where): ModuleSpec {
  const registry = ctx.options.registry;
  const candidates = Object.keys(raw).filter((k) => !TASK_KEYWORDS.has(k) && !WITH_LOOKUPS.has(k));
  if (raw.action !== undefined || raw.local_action !== undefined) {
    const key = raw.action !== undefined ? 'action' : 'local_action';
    const value = raw[key];
    const w = at(where, key);
    if (typeof value === 'string') {
      const m = /^\s*(\S+)\s*(.*)$/s.exec(value);
      if (!m) throw ctx.error('PRV207', `${key} needs a module name`, w);
      return argsOf(ctx, m[1]!, m[2]!, w, key);
    }
    if (isPlainObject(value) && typeof value.module === 'string') {
      const { module, ...rest } = value;
      return argsOf(ctx, module, rest, w, key);
    }
    throw ctx.error('PRV207', `${key} must be "module args" or a map with module:`, w);
  }
  const known = candidates.filter((k) => registry.has(k) || INCLUDE_ACTIONS.has(stripCollection(k)));
  const unknown = candidates.filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const k = unknown[0]!;
    const asKeyword = didYouMean(k, TASK_KEYWORDS);
    if (known.length > 0 || asKeyword) {
      throw ctx.error('PRV204', `'${k}' is not a valid task keyword`, at(where, k), {
        key: true,
        hint: asKeyword,
      });
    }
    throw ctx.error('PRV205', `unknown module '${k}'`, at(where, k), {
      key: true,
      hint:
        didYouMean(stripCollection(k), registry.names()) ??
        'see docs/modules.md for the modules provision has',
    });
  }
  if (known.length > 1) {
    throw ctx.error('PRV206', `a task has more than one module: ${known.join(', ')}`, at(where, known[1]!), {
      key: true,
    });
  }
  if (known.length === 0) throw ctx.error('PRV207', 'this task has no module', where);
  const key = known[0]!;
  return argsOf(ctx, key, raw[key], at(where, key), key);
}

function argsOf(ctx: LoadContext, name: string, value: unknown, w: Where, key: string): ModuleSpec {
  const short = stripCollection(name);
  const mod = ctx.options.registry.get(name);
  if (!mod && !INCLUDE_ACTIONS.has(short)) {
    throw ctx.error('PRV205', `unknown module '${name}'`, w, {
      hint: didYouMean(short, ctx.options.registry.names()),
    });
  }
  const canonical = mod ? mod.name : short;
  if (value === null || value === undefined)
    return { name: canonical, args: {}, argsWhere: w, inline: false, key };
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (INCLUDE_ACTIONS.has(short))
      return { name: canonical, args: { _raw_params: text }, argsWhere: w, inline: true, key };
    try {
      return {
        name: canonical,
        args: parseKvArgs(text, mod?.freeForm ?? false),
        argsWhere: w,
        inline: true,
        key,
      };
    } catch (e) {
      if (e instanceof KvSyntaxError)
        throw ctx.error('PRV212', `${e.message} in the arguments of ${name}`, w);
      throw e;
    }
  }
  if (isPlainObject(value)) return { name: canonical, args: { ...value }, argsWhere: w, inline: false, key };
  throw ctx.error('PRV208', `arguments of ${name} must be a map or key=value text`, w);
}

function parseLoop(
  ctx: LoadContext,
  raw: Record<string, unknown>,
  where: Where,
): { loop?: unknown; flatten?: boolean } {
  const withKey = Object.keys(raw).find((k) => WITH_LOOKUPS.has(k));
  if (raw.loop !== undefined && withKey)
    throw ctx.error('PRV209', `use either loop or ${withKey}, not both`, at(where, withKey), { key: true });
  if (withKey) {
    if (!SUPPORTED_WITH.has(withKey)) {
      throw ctx.error('PRV213', `${withKey} is not supported`, at(where, withKey), {
        key: true,
        hint: 'Use loop: with a filter, e.g. loop: "{{ query(\'fileglob\', ...) }}" or loop: "{{ a | product(b) }}".',
      });
    }
    checkTemplatesDeep(ctx, raw[withKey], at(where, withKey));
    if (withKey === 'with_dict') return { loop: { __with_dict: raw[withKey] } };
    if (withKey === 'with_indexed_items') return { loop: { __with_indexed_items: raw[withKey] } };
    return { loop: raw[withKey], flatten: withKey === 'with_items' };
  }
  if (raw.loop === undefined) return {};
  const loop = raw.loop;
  if (!Array.isArray(loop) && !(typeof loop === 'string' && loop.includes('{{'))) {
    throw ctx.error('PRV213', 'loop needs a list (or a "{{ expression }}" giving one)', at(where, 'loop'));
  }
  checkTemplatesDeep(ctx, loop, at(where, 'loop'));
  return { loop };
}

function parseLoopControl(ctx: LoadContext, raw: unknown, where: Where): LoopControl | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) throw ctx.error('PRV209', 'loop_control must be a map', where);
  const allowed = ['loop_var', 'index_var', 'label', 'pause', 'extended', 'extended_allitems'];
  for (const k of Object.keys(raw)) {
    if (!allowed.includes(k))
      throw ctx.error('PRV204', `'${k}' is not a loop_control option`, at(where, k), {
        key: true,
        hint: didYouMean(k, allowed),
      });
  }
  return {
    loopVar:
      raw.loop_var === undefined ? 'item' : readString(ctx, raw.loop_var, at(where, 'loop_var'), 'loop_var'),
    indexVar:
      raw.index_var === undefined
        ? undefined
        : readString(ctx, raw.index_var, at(where, 'index_var'), 'index_var'),
    label: raw.label === undefined ? undefined : readString(ctx, raw.label, at(where, 'label'), 'label'),
    pauseSeconds: typeof raw.pause === 'number' ? raw.pause : undefined,
    extended:
      raw.extended === undefined ? undefined : readBool(ctx, raw.extended, at(where, 'extended'), 'extended'),
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseTask(ctx: LoadContext, raw: Record<string, unknown>, where: Where, scope: TaskScope): PlayNode {
  const spec = findModule(ctx, raw, where);
  const keywords = readInheritedKeywords(ctx, raw, where);
  checkTemplatesDeep(ctx, keywords.vars, at(where, 'vars'));
  const { loop, flatten } = parseLoop(ctx, raw, where);
  const loopControl = parseLoopControl(ctx, raw.loop_control, at(where, 'loop_control'));
  const name = raw.name === undefined ? undefined : readString(ctx, raw.name, at(where, 'name'), 'name');
  if (name !== undefined) checkTemplatesDeep(ctx, name, at(where, 'name'));
  const loc = ctx.locate(where);
  if (INCLUDE_ACTIONS.has(spec.name))
    return parseInclude(ctx, spec, { name, loc, keywords, loop, loopControl, where, scope });

  if (raw.args !== undefined) {
    if (!isPlainObject(raw.args)) throw ctx.error('PRV209', 'args must be a map', at(where, 'args'));
    Object.assign(spec.args, raw.args);
  }
  const mod = ctx.options.registry.get(spec.name)!;
  validateModuleArgs(ctx, mod, spec.args, spec.argsWhere, spec.inline);
  checkTemplatesDeep(ctx, spec.args, spec.argsWhere);
  if (raw.register !== undefined) {
    const reg = readString(ctx, raw.register, at(where, 'register'), 'register');
    if (!IDENT.test(reg))
      throw ctx.error('PRV209', `register needs a variable name, got '${reg}'`, at(where, 'register'));
  }
  if (raw.args !== undefined) checkTemplatesDeep(ctx, raw.args, at(where, 'args'));
  const task: TaskNode = {
    kind: 'task',
    name: name ?? spec.name,
    named: name !== undefined,
    loc,
    module: spec.name,
    args: spec.args,
    keywords,
    loop,
    loopFlatten: flatten,
    loopControl,
    register: raw.register as string | undefined,
    changedWhen:
      raw.changed_when === undefined
        ? undefined
        : parseConditions(ctx, raw.changed_when, at(where, 'changed_when')),
    failedWhen:
      raw.failed_when === undefined
        ? undefined
        : parseConditions(ctx, raw.failed_when, at(where, 'failed_when')),
    until: raw.until === undefined ? undefined : parseConditions(ctx, raw.until, at(where, 'until')),
    retries: readNumberish(ctx, raw.retries, at(where, 'retries'), 'retries'),
    delay: readNumberish(ctx, raw.delay, at(where, 'delay'), 'delay'),
    notify: raw.notify === undefined ? [] : readStringList(ctx, raw.notify, at(where, 'notify'), 'notify'),
    role: scope.role,
    baseDir: scope.baseDir,
  };
  if (raw.local_action !== undefined) task.keywords.delegateTo = 'localhost';
  if (scope.handlers && raw.listen !== undefined)
    task.listen = readStringList(ctx, raw.listen, at(where, 'listen'), 'listen');
  else if (raw.listen !== undefined)
    throw ctx.error('PRV204', 'listen is only valid in handlers', at(where, 'listen'), { key: true });
  return task;
}

function readNumberish(
  ctx: LoadContext,
  v: unknown,
  where: Where,
  name: string,
): number | string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && v >= 0) return v;
  if (typeof v === 'string' && (v.includes('{{') || /^\d+(\.\d+)?$/.test(v))) return v;
  throw ctx.error('PRV209', `${name} must be a non-negative number`, where);
}

interface IncludeParts {
  name?: string;
  loc: TaskNode['loc'];
  keywords: TaskNode['keywords'];
  loop?: unknown;
  loopControl?: LoopControl;
  where: Where;
  scope: TaskScope;
}

function includeTarget(
  ctx: LoadContext,
  spec: ModuleSpec,
  what: 'file' | 'name',
): { target: string; rest: Record<string, unknown> } {
  const { _raw_params, file, name, ...rest } = spec.args as Record<string, unknown>;
  const target = _raw_params ?? (what === 'file' ? file : name);
  if (typeof target !== 'string' || target === '') {
    throw ctx.error(
      'PRV208',
      `${spec.name} needs a ${what === 'file' ? 'file' : 'role name'}`,
      spec.argsWhere,
    );
  }
  return { target, rest };
}

function parseInclude(ctx: LoadContext, spec: ModuleSpec, p: IncludeParts): PlayNode {
  const { scope, where } = p;
  const baseDir = scope.role ? `${scope.role.path}/tasks` : scope.baseDir;
  switch (spec.name) {
    case 'include':
      throw ctx.error('PRV216', '`include` was removed from Ansible', at(where, spec.key), {
        key: true,
        hint: 'Use import_tasks (static) or include_tasks (dynamic).',
      });
    case 'import_playbook':
      throw ctx.error(
        'PRV203',
        'import_playbook is only valid at the top level of a playbook',
        at(where, spec.key),
        { key: true },
      );
    case 'import_tasks': {
      const { target } = includeTarget(ctx, spec, 'file');
      if (target.includes('{{')) {
        throw ctx.error('PRV216', 'import_tasks is static: its file cannot use variables', spec.argsWhere, {
          hint: 'Use include_tasks for a file chosen at run time.',
        });
      }
      if (p.loop !== undefined)
        throw ctx.error('PRV216', 'import_tasks cannot loop', where, {
          hint: 'Use include_tasks with loop.',
        });
      const file = isAbsolute(target) ? target : resolve(baseDir, target);
      const nodes = loadTaskFile(
        ctx,
        file,
        { ...scope, baseDir: scope.role ? scope.baseDir : dirname(file) },
        spec.argsWhere,
      );
      return {
        kind: 'block',
        name: p.name,
        loc: p.loc,
        block: nodes,
        rescue: [],
        always: [],
        keywords: p.keywords,
        role: scope.role,
      };
    }
    case 'include_tasks': {
      const { target } = includeTarget(ctx, spec, 'file');
      const node: IncludeTasksNode = {
        kind: 'include_tasks',
        name: p.name ?? `include_tasks ${target}`,
        loc: p.loc,
        file: target,
        keywords: p.keywords,
        loop: p.loop,
        loopControl: p.loopControl,
        role: scope.role,
        baseDir,
      };
      if (!target.includes('{{')) {
        const file = isAbsolute(target) ? target : resolve(baseDir, target);
        loadTaskFile(
          ctx,
          file,
          { ...scope, baseDir: scope.role ? scope.baseDir : dirname(file) },
          spec.argsWhere,
        );
      }
      return node;
    }
    case 'import_role':
    case 'include_role': {
      const { target, rest } = includeTarget(ctx, spec, 'name');
      const tasksFrom = typeof rest.tasks_from === 'string' ? rest.tasks_from : undefined;
      const params = isPlainObject(p.keywords.vars) ? p.keywords.vars : {};
      if (spec.name === 'import_role') {
        if (target.includes('{{'))
          throw ctx.error('PRV216', 'import_role is static: its name cannot use variables', spec.argsWhere, {
            hint: 'Use include_role.',
          });
        const block = scope.importRole(target, tasksFrom, spec.argsWhere, params);
        return { ...block, name: p.name, loc: p.loc, keywords: { ...p.keywords, vars: {} } };
      }
      if (!target.includes('{{')) scope.checkRole(target, spec.argsWhere);
      const node: IncludeRoleNode = {
        kind: 'include_role',
        name: p.name ?? `include_role ${target}`,
        loc: p.loc,
        role: target,
        tasksFrom,
        keywords: p.keywords,
        loop: p.loop,
        loopControl: p.loopControl,
        baseDir: scope.baseDir,
      };
      return node;
    }
    default:
      throw ctx.error('PRV205', `unknown include ${spec.name}`, where);
  }
}
