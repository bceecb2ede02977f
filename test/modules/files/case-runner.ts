import { expect, it } from 'vitest';
import { ModuleError } from '../../../src/errors/index.js';
import type { ModuleDefinition, PlanOutcome } from '../../../src/modules/module.js';
import type { ScriptedRule } from '../../../src/transport/scripted-transport.js';
import { runModuleCase } from '../../support/module-harness.js';
import { acceptAll, type FakeHost, hostRules, mutating } from './fixtures.js';

/**
 * Table-driven cases for the file modules. Every case runs twice — as a real run (plan + apply) and in check mode —
 * and the check-mode run must reach the same outcome with nothing written and no mutating command run.
 */
export interface FileCase {
  name: string;
  params: Record<string, unknown>;
  host?: FakeHost;
  /** Extra probe answers, tried before the host's. */
  rules?: ScriptedRule[];
  accounts?: { users?: string[]; groups?: string[] };
  local?: Record<string, string | Buffer>;
  /** Files the transport's get() returns. */
  remoteFiles?: Record<string, string | Buffer>;
  diff?: boolean;
  pending?: Record<string, string>;
  render?: (text: string) => string;
  vars?: Record<string, unknown>;
  outcome?: PlanOutcome;
  reason?: RegExp;
  /** Files apply writes, in order (content as text). */
  puts?: { path: string | RegExp; content?: string; mode?: string; owner?: string; group?: string }[];
  /** Each must match one command apply ran. */
  applied?: RegExp[];
  /** Expected --diff entries (run with diff mode on). */
  diffs?: { before?: string | RegExp; after?: string | RegExp; header?: string }[];
  result?: Record<string, unknown>;
  /** Paths the plan says it would change (also for 'unknown', so later check-mode readers know). */
  paths?: string[];
  /** Expected ModuleError code (plan or apply). */
  error?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
type AnyModule = ModuleDefinition<any>;

function textMatches(actual: string, expected: string | RegExp): void {
  if (typeof expected === 'string') expect(actual).toBe(expected);
  else expect(actual).toMatch(expected);
}

export function runFileCases(def: AnyModule, cases: FileCase[]): void {
  for (const c of cases) {
    const opts = (checkMode: boolean) => ({
      rules: [...(c.rules ?? []), ...hostRules(c.host ?? {}, c.accounts), acceptAll],
      localFiles: c.local,
      remoteFiles: c.remoteFiles,
      checkMode,
      diffMode: c.diff ?? c.diffs !== undefined,
      pending: c.pending,
      render: c.render,
      vars: c.vars,
    });

    it(`${def.name}: ${c.name}`, async () => {
      if (c.error) {
        const err = await runModuleCase(def, c.params, opts(false)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ModuleError);
        expect((err as ModuleError).code).toBe(c.error);
        return;
      }
      const { plan, result, transport, applied } = await runModuleCase(def, c.params, opts(false));
      if (c.outcome) expect(plan.outcome).toBe(c.outcome);
      if (c.reason) expect(plan.reason).toMatch(c.reason);
      if (plan.outcome === 'ok') {
        expect(applied).toEqual([]);
        expect(transport.puts).toEqual([]);
      }
      if (c.puts) {
        expect(transport.puts.map((p) => p.path)).toHaveLength(c.puts.length);
        c.puts.forEach((want, i) => {
          const got = transport.puts[i];
          if (!got) throw new Error(`missing put ${i}`);
          textMatches(got.path, want.path);
          if (want.content !== undefined) expect(got.content.toString('utf8')).toBe(want.content);
          if (want.mode !== undefined) expect(got.options.mode).toBe(want.mode);
          if (want.owner !== undefined) expect(got.options.owner).toBe(want.owner);
          if (want.group !== undefined) expect(got.options.group).toBe(want.group);
        });
      }
      for (const re of c.applied ?? [])
        expect(
          applied.some((cmd) => re.test(cmd)),
          `${re} in ${applied.join('\n---\n')}`,
        ).toBe(true);
      if (c.diffs) {
        expect(plan.diff ?? []).toHaveLength(c.diffs.length);
        c.diffs.forEach((want, i) => {
          const got = plan.diff?.[i];
          if (!got) throw new Error(`missing diff ${i}`);
          if (want.before !== undefined) textMatches(got.before, want.before);
          if (want.after !== undefined) textMatches(got.after, want.after);
          if (want.header !== undefined) expect(got.afterHeader).toBe(want.header);
        });
      }
      if (c.result) expect(result).toMatchObject(c.result);
      if (c.paths) expect(plan.paths).toEqual(c.paths);
    });

    if (!c.error) {
      it(`${def.name}: ${c.name} — check mode applies nothing`, async () => {
        const real = await runModuleCase(def, c.params, opts(false));
        const dry = await runModuleCase(def, c.params, opts(true));
        expect(dry.plan.outcome).toBe(real.plan.outcome);
        expect(dry.transport.puts).toEqual([]);
        expect(dry.applied).toEqual([]);
        expect(mutating(dry.transport.runs.map((r) => r.command))).toEqual([]);
      });
    }
  }
}

/** Bad parameters are rejected by the schema before anything runs. */
export function rejectsParams(
  def: AnyModule,
  bad: { name: string; params: Record<string, unknown>; message?: RegExp }[],
): void {
  for (const b of bad) {
    it(`${def.name}: rejects ${b.name}`, () => {
      const r = def.schema.safeParse(b.params);
      expect(r.success).toBe(false);
      if (b.message && !r.success) expect(r.error.issues.map((i) => i.message).join('\n')).toMatch(b.message);
    });
  }
}
