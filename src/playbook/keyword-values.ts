import { parseConditions } from './check-templates.js';
import type { InheritedKeywords } from './ir.js';
import { at, isPlainObject, type LoadContext, type Where } from './load-context.js';

/** Reads the keywords shared by plays, blocks, roles and tasks, validating each value's type. */
export function readInheritedKeywords(
  ctx: LoadContext,
  raw: Record<string, unknown>,
  where: Where,
): InheritedKeywords {
  const kw: InheritedKeywords = { when: [], tags: [], environment: [], vars: {} };
  const w = (k: string) => at(where, k);
  if (raw.when !== undefined) kw.when = parseConditions(ctx, raw.when, w('when'));
  if (raw.tags !== undefined) kw.tags = readStringList(ctx, raw.tags, w('tags'), 'tags');
  if (raw.become !== undefined) kw.become = readBoolish(ctx, raw.become, w('become'), 'become');
  if (raw.become_user !== undefined)
    kw.becomeUser = readString(ctx, raw.become_user, w('become_user'), 'become_user');
  if (raw.become_method !== undefined) {
    kw.becomeMethod = readString(ctx, raw.become_method, w('become_method'), 'become_method');
    if (kw.becomeMethod !== 'sudo' && !kw.becomeMethod.includes('{{')) {
      throw ctx.error('PRV216', `become_method ${kw.becomeMethod} is not supported`, w('become_method'), {
        hint: 'Use become_method: sudo (the default).',
      });
    }
  }
  if (raw.environment !== undefined) {
    if (!isPlainObject(raw.environment) && typeof raw.environment !== 'string') {
      throw ctx.error('PRV209', 'environment must be a map of variable names to values', w('environment'));
    }
    kw.environment = [raw.environment];
  }
  if (raw.vars !== undefined && raw.vars !== null) {
    if (!isPlainObject(raw.vars)) throw ctx.error('PRV209', 'vars must be a map', w('vars'));
    kw.vars = raw.vars;
  }
  if (raw.ignore_errors !== undefined)
    kw.ignoreErrors = readBoolish(ctx, raw.ignore_errors, w('ignore_errors'), 'ignore_errors');
  if (raw.ignore_unreachable !== undefined)
    kw.ignoreUnreachable = readBool(
      ctx,
      raw.ignore_unreachable,
      w('ignore_unreachable'),
      'ignore_unreachable',
    );
  if (raw.no_log !== undefined) kw.noLog = readBoolish(ctx, raw.no_log, w('no_log'), 'no_log');
  if (raw.check_mode !== undefined)
    kw.checkMode = readBoolish(ctx, raw.check_mode, w('check_mode'), 'check_mode');
  if (raw.diff !== undefined) kw.diff = readBoolish(ctx, raw.diff, w('diff'), 'diff');
  if (raw.delegate_to !== undefined)
    kw.delegateTo = readString(ctx, raw.delegate_to, w('delegate_to'), 'delegate_to');
  if (raw.run_once !== undefined) kw.runOnce = readBoolish(ctx, raw.run_once, w('run_once'), 'run_once');
  if (raw.any_errors_fatal !== undefined)
    kw.anyErrorsFatal = readBool(ctx, raw.any_errors_fatal, w('any_errors_fatal'), 'any_errors_fatal');
  if (raw.throttle !== undefined) {
    const t = raw.throttle;
    if (
      !(typeof t === 'number' && Number.isInteger(t) && t >= 0) &&
      !(typeof t === 'string' && t.includes('{{'))
    ) {
      throw ctx.error('PRV209', 'throttle must be a non-negative integer', w('throttle'));
    }
    kw.throttle = t;
  }
  return kw;
}

export function readString(ctx: LoadContext, v: unknown, where: Where, name: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw ctx.error('PRV209', `${name} must be a string`, where);
}

export function readBool(ctx: LoadContext, v: unknown, where: Where, name: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(yes|true|on|1)$/i.test(v)) return true;
  if (typeof v === 'string' && /^(no|false|off|0)$/i.test(v)) return false;
  throw ctx.error('PRV209', `${name} must be a boolean (true/false)`, where);
}

/** A boolean, or a templated string decided per host at run time. */
export function readBoolish(ctx: LoadContext, v: unknown, where: Where, name: string): boolean | string {
  if (typeof v === 'string' && v.includes('{{')) return v;
  return readBool(ctx, v, where, name);
}

export function readStringList(ctx: LoadContext, v: unknown, where: Where, name: string): string[] {
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.map(String);
  throw ctx.error('PRV209', `${name} must be a string or a list of strings`, where);
}
