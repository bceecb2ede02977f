import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleContext, ModuleDefinition, ModuleResult, Plan } from '../../../src/modules/module.js';
import { LocalTransport } from '../../../src/transport/local-transport.js';

/**
 * A module context on this machine (connection: local) for integration tests in a scratch directory: local files
 * are resolved under `filesDir`, templates render with `render` (identity by default).
 */
export function localContext(
  filesDir: string,
  opts: {
    checkMode?: boolean;
    diffMode?: boolean;
    render?: (text: string) => string;
    vars?: Record<string, unknown>;
    /** path → task that would have changed it (check mode), as the engine tracks it. */
    pending?: Map<string, string>;
  } = {},
): ModuleContext {
  return {
    host: 'localhost',
    task: 'local test task',
    transport: new LocalTransport('localhost'),
    checkMode: opts.checkMode ?? false,
    diffMode: opts.diffMode ?? false,
    vars: opts.vars ?? {},
    files: {
      resolve: (src) => (src.startsWith('/') ? src : join(filesDir, src)),
      read: async (abs) => readFileSync(abs),
    },
    renderTemplate: (text) => (opts.render ? opts.render(text) : text),
    pendingChange: (path) => opts.pending?.get(path),
    tmpDir: mkdtempSync(join(tmpdir(), 'prv-local-')),
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
    sleep: async () => {},
    log: () => {},
  };
}

/** Plans and applies like the engine (outside check mode), then plans again: the second plan must be ok. */
export async function applyThenReplan<P>(
  def: ModuleDefinition<P>,
  raw: Record<string, unknown>,
  ctx: ModuleContext,
): Promise<{ first: Plan; result: ModuleResult; second: Plan }> {
  const params = def.schema.parse(raw);
  const first = await def.plan(params, ctx);
  const result = first.apply ? await first.apply() : first.result;
  const second = await def.plan(params, ctx);
  return { first, result, second };
}
