import Handlebars from 'handlebars';
import { ProvisionError } from '../errors/provision-error.js';
import { type TextPosition, templateErrorAt, UnknownValueError } from './errors.js';
import { evaluateNode, type Resolver } from './evaluate.js';
import type { EvalOptions } from './options.js';
import {
  BLOCK_HELPERS,
  type CompiledTemplate,
  compileTemplateSource,
  LITERAL_HELPER,
  OUTPUT_HELPER,
  VALUE_HELPER,
} from './template-compiler.js';
import { isTruthy } from './truthiness.js';
import { hasKey, isMapping, MISSING, readKey, toText, typeName } from './values.js';

/** One level of block context: the value `this` refers to and the block parameters it binds. */
interface ContextLevel {
  ctx: unknown;
  locals: Record<string, unknown>;
  parent?: ContextLevel;
}

/** Per-render state, carried to our helpers in handlebars' @data. */
interface RenderState {
  scope: Record<string, unknown>;
  options: EvalOptions;
  pos: TextPosition;
  compiled: CompiledTemplate;
}

interface HelperData {
  _pv: RenderState;
  _pvLevel?: ContextLevel;
  [key: string]: unknown;
}

type HelperOptions = Handlebars.HelperOptions & { data: HelperData; hash: Record<string, unknown> };

function templateResolver(data: HelperData): Resolver {
  const { scope } = data._pv;
  return {
    lookup(name, up) {
      let level = data._pvLevel;
      for (let i = 0; i < up && level; i++) level = level.parent;
      if (name === 'this' && level) return level.ctx;
      for (let l = level; l; l = l.parent) {
        if (Object.hasOwn(l.locals, name)) return l.locals[name];
        if (isMapping(l.ctx) && hasKey(l.ctx, name)) return readKey(l.ctx, name);
      }
      return hasKey(scope, name) ? readKey(scope, name) : MISSING;
    },
    data(name) {
      if (name === 'root') return scope;
      return ['index', 'key', 'first', 'last'].includes(name) && Object.hasOwn(data, name)
        ? data[name]
        : MISSING;
    },
  };
}

function evaluateAt(id: unknown, data: HelperData): unknown {
  const state = data._pv;
  const entry = state.compiled.exprs[Number(id)]!;
  return evaluateNode(entry.expr.node, templateResolver(data), state.options, {
    pos: state.pos,
    offset: entry.offset,
    source: entry.expr.source,
  });
}

function enter(
  options: HelperOptions,
  ctx: unknown,
  values: unknown[],
  extra: Record<string, unknown> = {},
): HelperData {
  const frame = Handlebars.createFrame(options.data) as HelperData;
  const names = typeof options.hash.__bp === 'string' ? options.hash.__bp.split(' ') : [];
  const locals: Record<string, unknown> = {};
  names.forEach((n, i) => {
    locals[n] = values[i];
  });
  Object.assign(frame, extra);
  frame._pvLevel = { ctx, locals, parent: options.data._pvLevel };
  return frame;
}

function each(this: unknown, value: unknown, options: HelperOptions): string {
  let entries: [unknown, string | number][];
  if (Array.isArray(value)) entries = value.map((v, i) => [v, i]);
  else if (isMapping(value)) entries = Object.keys(value).map((k) => [value[k], k]);
  else if (value === null || value === undefined || value === false) entries = [];
  else
    throw templateErrorAt(
      'PRV308',
      `{{#each}} needs a list or dict, not ${typeName(value)}`,
      options.data._pv.pos,
      0,
    );
  if (entries.length === 0) return options.inverse(this);
  return entries
    .map(([item, key], i) => {
      const extra = { index: i, key, first: i === 0, last: i === entries.length - 1 };
      return options.fn(item, { data: enter(options, item, [item, key], extra), blockParams: [item, key] });
    })
    .join('');
}

const env = Handlebars.create();
env.registerHelper(VALUE_HELPER, (id: unknown, options: HelperOptions) => evaluateAt(id, options.data));
env.registerHelper(OUTPUT_HELPER, (id: unknown, options: HelperOptions) =>
  toText(evaluateAt(id, options.data)),
);
env.registerHelper(LITERAL_HELPER, (text: unknown) => String(text));
env.registerHelper('each', each);
env.registerHelper('if', function (this: unknown, value: unknown, options: HelperOptions) {
  return isTruthy(value) ? options.fn(this) : options.inverse(this);
});
env.registerHelper('unless', function (this: unknown, value: unknown, options: HelperOptions) {
  return isTruthy(value) ? options.inverse(this) : options.fn(this);
});
env.registerHelper('with', function (this: unknown, value: unknown, options: HelperOptions) {
  if (!isTruthy(value)) return options.inverse(this);
  return options.fn(value, { data: enter(options, value, [value]), blockParams: [value] });
});

const knownHelpers = Object.fromEntries(
  [...BLOCK_HELPERS, VALUE_HELPER, OUTPUT_HELPER, LITERAL_HELPER].map((h) => [h, true]),
);

interface CacheEntry {
  compiled: CompiledTemplate;
  render?: Handlebars.TemplateDelegate;
}
const MAX_CACHE = 5_000;
const cache = new Map<string, CacheEntry>();

/** Scans, parses and checks a template (cached by text); errors point into the text at `pos`. */
export function compileTemplate(text: string, pos: TextPosition): CacheEntry {
  const hit = cache.get(text);
  if (hit) return hit;
  const compiled = compileTemplateSource(text, pos);
  try {
    env.parse(compiled.handlebarsSource);
  } catch (e) {
    throw templateErrorAt('PRV305', `template syntax: ${(e as Error).message.split('\n')[0]}`, pos, 0);
  }
  const entry: CacheEntry = { compiled };
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(text, entry);
  return entry;
}

const ROOT_CONTEXT = Object.freeze({});

export function renderCompiled(
  entry: CacheEntry,
  scope: Record<string, unknown>,
  options: EvalOptions,
  pos: TextPosition,
): string {
  entry.render ??= env.compile(entry.compiled.handlebarsSource, {
    noEscape: true,
    knownHelpers,
    knownHelpersOnly: true,
    assumeObjects: false,
  });
  const data: HelperData = { _pv: { scope, options, pos, compiled: entry.compiled } };
  try {
    return entry.render(ROOT_CONTEXT, { data });
  } catch (e) {
    if (e instanceof ProvisionError || e instanceof UnknownValueError) throw e;
    if (e instanceof RangeError)
      throw templateErrorAt('PRV315', `template too large to render: ${e.message}`, pos, 0);
    throw templateErrorAt('PRV305', `template error: ${(e as Error).message.split('\n')[0]}`, pos, 0);
  }
}
