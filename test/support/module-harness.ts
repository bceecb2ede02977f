import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleContext, ModuleDefinition, ModuleResult, Plan } from '../../src/modules/module.js';
import { type ScriptedRule, ScriptedTransport } from '../../src/transport/scripted-transport.js';

/**
 * Table-driven module tests: a case gives the params, the probe answers (ScriptedRule[]), and what is expected
 * (outcome, apply commands, writes). `runModuleCase` plans and, outside check mode, applies — as the engine does.
 */
export interface HarnessOptions {
  rules?: ScriptedRule[];
  /** Files the transport's get() returns. */
  remoteFiles?: Record<string, string | Buffer>;
  /** Local files by the name a task gives (copy src:, template src:). */
  localFiles?: Record<string, string | Buffer>;
  checkMode?: boolean;
  diffMode?: boolean;
  vars?: Record<string, unknown>;
  /** path → task that would have changed it earlier in check mode. */
  pending?: Record<string, string>;
  /** Renders templates; default: identity. */
  render?: (text: string) => string;
  startMs?: number;
}

export function moduleContext(opts: HarnessOptions = {}): {
  ctx: ModuleContext;
  transport: ScriptedTransport;
  sleeps: number[];
} {
  const transport = new ScriptedTransport(opts.rules ?? [], 'testhost', opts.remoteFiles ?? {});
  let now = opts.startMs ?? 1_700_000_000_000;
  const sleeps: number[] = [];
  const local = opts.localFiles ?? {};
  const ctx: ModuleContext = {
    host: 'testhost',
    task: 'test task',
    transport,
    checkMode: opts.checkMode ?? false,
    diffMode: opts.diffMode ?? false,
    vars: opts.vars ?? {},
    files: {
      resolve(src) {
        if (!(src in local)) throw new Error(`harness: no local file ${src}`);
        return `/local/${src}`;
      },
      async read(abs) {
        const key = abs.replace(/^\/local\//, '');
        const f = local[key];
        if (f === undefined) throw new Error(`harness: no local file ${abs}`);
        return Buffer.isBuffer(f) ? f : Buffer.from(f);
      },
    },
    renderTemplate: (text) => (opts.render ? opts.render(text) : text),
    pendingChange: (path) => opts.pending?.[path],
    tmpDir: mkdtempSync(join(tmpdir(), 'prv-harness-')),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    log: () => {},
  };
  return { ctx, transport, sleeps };
}

export interface CaseOutcome {
  plan: Plan;
  result: ModuleResult;
  transport: ScriptedTransport;
  /** Commands run by apply() (after planning). */
  applied: string[];
}

export async function runModuleCase<P>(
  def: ModuleDefinition<P>,
  rawParams: Record<string, unknown>,
  opts: HarnessOptions = {},
): Promise<CaseOutcome> {
  const { ctx, transport } = moduleContext(opts);
  const params = def.schema.parse(rawParams);
  const plan = await def.plan(params, ctx);
  const probes = transport.runs.length;
  let result = plan.result;
  if (!ctx.checkMode && plan.apply) result = await plan.apply();
  const applied = transport.runs.slice(probes).map((r) => r.command);
  return { plan, result, transport, applied };
}
