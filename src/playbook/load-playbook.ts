import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { PlaybookError } from '../errors/index.js';
import { didYouMean } from '../errors/suggest.js';
import { checkTemplatesDeep } from './check-templates.js';
import type { Play, Playbook, PlayNode } from './ir.js';
import { readBool, readInheritedKeywords, readString } from './keyword-values.js';
import { PLAY_KEYWORDS } from './keywords.js';
import { at, isPlainObject, LoadContext, type LoaderOptions, type Where } from './load-context.js';
import { flattenHandlers, parseRoleRef, RoleLoader } from './load-role.js';
import { parseTaskList, type TaskScope } from './load-tasks.js';
import { checkNotifyTargets } from './notify-check.js';

/** Loads and validates a playbook (and everything it imports) before anything runs. */
export function loadPlaybook(file: string, options: LoaderOptions): Playbook {
  const ctx = new LoadContext(options);
  const abs = resolve(file);
  if (!existsSync(abs)) {
    throw new PlaybookError({
      code: 'PRV202',
      message: `playbook not found: ${file}`,
      hint: 'Give the path of a playbook YAML file.',
    });
  }
  return { file: abs, dir: dirname(abs), plays: loadPlays(ctx, abs) };
}

function loadPlays(ctx: LoadContext, file: string, from?: Where): Play[] {
  return ctx.within(file, from, () => {
    const src = ctx.read(file, from);
    const root: Where = { src, path: [] };
    if (!Array.isArray(src.value)) throw ctx.error('PRV203', 'a playbook must be a list of plays', root);
    const plays: Play[] = [];
    src.value.forEach((raw, i) => {
      const where = at(root, i);
      if (isPlainObject(raw) && 'import_playbook' in raw) {
        const target = readString(ctx, raw.import_playbook, at(where, 'import_playbook'), 'import_playbook');
        const next = isAbsolute(target) ? target : resolve(dirname(file), target);
        plays.push(...loadPlays(ctx, next, at(where, 'import_playbook')));
        return;
      }
      plays.push(loadPlay(ctx, raw, where, file));
    });
    return plays;
  });
}

function loadPlay(ctx: LoadContext, raw: unknown, where: Where, file: string): Play {
  if (!isPlainObject(raw)) throw ctx.error('PRV203', 'a play must be a map with hosts: and tasks:', where);
  for (const key of Object.keys(raw)) {
    if (!PLAY_KEYWORDS.has(key)) {
      const hint =
        didYouMean(key, PLAY_KEYWORDS) ??
        (key === 'tasks:' ? undefined : 'tasks go under tasks:, roles under roles:');
      throw ctx.error('PRV204', `'${key}' is not a valid play keyword`, at(where, key), { key: true, hint });
    }
  }
  if (raw.hosts === undefined)
    throw ctx.error('PRV203', 'a play needs hosts:', where, { hint: 'e.g. hosts: all' });
  const hosts = Array.isArray(raw.hosts)
    ? raw.hosts.map(String).join(',')
    : readString(ctx, raw.hosts, at(where, 'hosts'), 'hosts');
  checkTemplatesDeep(ctx, hosts, at(where, 'hosts'));
  const dir = dirname(file);
  const keywords = readInheritedKeywords(ctx, raw, where);
  checkTemplatesDeep(ctx, keywords.vars, at(where, 'vars'));
  const roles = new RoleLoader(ctx, dir);
  const scope: TaskScope = {
    baseDir: dir,
    importRole: (name, tasksFrom, w, params) => roles.load(name, w, params, tasksFrom, true).block,
    checkRole: (name, w) => {
      roles.find(name, w);
    },
  };
  const sections: Play['sections'] = [];
  const section = (name: 'pre_tasks' | 'tasks' | 'post_tasks') => {
    if (raw[name] !== undefined)
      sections.push({ name, nodes: parseTaskList(ctx, raw[name], at(where, name), scope) });
  };
  section('pre_tasks');
  if (raw.roles !== undefined && raw.roles !== null) {
    if (!Array.isArray(raw.roles)) throw ctx.error('PRV203', 'roles must be a list', at(where, 'roles'));
    const nodes: PlayNode[] = raw.roles.map((r, i) => {
      const w = at(where, 'roles', i);
      const ref = parseRoleRef(ctx, r, w);
      return roles.load(ref.name, w, ref.params, undefined, false, ref.keywords).block;
    });
    sections.push({ name: 'roles', nodes });
  }
  section('tasks');
  section('post_tasks');
  const handlers = [
    ...roles.handlers,
    ...flattenHandlers(parseTaskList(ctx, raw.handlers, at(where, 'handlers'), { ...scope, handlers: true })),
  ];
  const play: Play = {
    name: raw.name === undefined ? hosts : readString(ctx, raw.name, at(where, 'name'), 'name'),
    loc: ctx.locate(where),
    hosts,
    file,
    dir,
    vars: keywords.vars,
    varsFiles: readVarsFiles(ctx, raw.vars_files, at(where, 'vars_files'), dir),
    gatherFacts:
      raw.gather_facts === undefined
        ? true
        : readBool(ctx, raw.gather_facts, at(where, 'gather_facts'), 'gather_facts'),
    keywords: { ...keywords, vars: {} },
    serial: readSerial(ctx, raw.serial, at(where, 'serial')),
    maxFailPercentage:
      raw.max_fail_percentage === undefined
        ? undefined
        : readPercent(ctx, raw.max_fail_percentage, at(where, 'max_fail_percentage')),
    strategy: readStrategy(ctx, raw.strategy, at(where, 'strategy')),
    forceHandlers:
      raw.force_handlers === undefined
        ? false
        : readBool(ctx, raw.force_handlers, at(where, 'force_handlers'), 'force_handlers'),
    sections,
    handlers,
    roles: roles.contexts,
  };
  checkNotifyTargets(ctx, play);
  return play;
}

function readVarsFiles(ctx: LoadContext, v: unknown, where: Where, dir: string): Play['varsFiles'] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item, i) => {
    const w = Array.isArray(v) ? at(where, i) : where;
    if (typeof item !== 'string') throw ctx.error('PRV209', 'vars_files entries must be file paths', w);
    const path = isAbsolute(item) ? item : resolve(dir, item);
    if (!item.includes('{{') && !existsSync(path))
      throw ctx.error('PRV202', `vars file not found: ${item}`, w);
    return { path: item.includes('{{') ? item : path, loc: ctx.locate(w) };
  });
}

function readSerial(ctx: LoadContext, v: unknown, where: Where): (number | string)[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((s, i) => {
    const w = Array.isArray(v) ? at(where, i) : where;
    if (typeof s === 'number' && Number.isInteger(s) && s > 0) return s;
    if (typeof s === 'string' && /^\d+(\.\d+)?%$/.test(s)) return s;
    if (typeof s === 'string' && /^\d+$/.test(s)) return Number(s);
    throw ctx.error(
      'PRV209',
      'serial must be a positive number, a percentage like "30%", or a list of them',
      w,
    );
  });
}

function readPercent(ctx: LoadContext, v: unknown, where: Where): number {
  const n = typeof v === 'string' ? Number(v.replace(/%$/, '')) : v;
  if (typeof n === 'number' && n >= 0 && n <= 100) return n;
  throw ctx.error('PRV209', 'max_fail_percentage must be a number from 0 to 100', where);
}

function readStrategy(ctx: LoadContext, v: unknown, where: Where): 'linear' | 'free' {
  if (v === undefined) return 'linear';
  if (v === 'linear' || v === 'free') return v;
  throw ctx.error('PRV209', `strategy ${String(v)} is not supported`, where, {
    hint: 'Use linear (default) or free.',
  });
}
