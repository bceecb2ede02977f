import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertModule } from '../../../src/modules/control/assert.js';
import { debugModule } from '../../../src/modules/control/debug.js';
import { failModule } from '../../../src/modules/control/fail.js';
import { includeVarsModule } from '../../../src/modules/control/include-vars.js';
import { metaModule } from '../../../src/modules/control/meta.js';
import { pauseModule } from '../../../src/modules/control/pause.js';
import { setFactModule } from '../../../src/modules/control/set-fact.js';
import { moduleContext, runModuleCase } from '../../support/module-harness.js';

/** Controller-only modules: they never reach the host (no rule in the scripted transport answers anything). */
describe('controller-only modules', () => {
  const vars = { x: 3, names: ['a', 'b'], ansible_verbosity: 0 };

  it('debug prints a message or a variable, respects verbosity', async () => {
    expect((await runModuleCase(debugModule, { msg: 'hi' })).result).toMatchObject({
      msg: 'hi',
      changed: false,
    });
    expect((await runModuleCase(debugModule, {})).result).toMatchObject({ msg: 'Hello world!' });
    expect((await runModuleCase(debugModule, { var: 'names' }, { vars })).result).toMatchObject({
      names: ['a', 'b'],
    });
    expect((await runModuleCase(debugModule, { msg: 'loud', verbosity: 2 }, { vars })).result).toMatchObject({
      skipped_reason: 'verbosity threshold not met',
    });
  });

  it('assert: all true → ok; the first false one fails with fail_msg', async () => {
    const ok = await runModuleCase(assertModule, { that: ['x == 3', 'names | length == 2'] }, { vars });
    expect(ok.result).toMatchObject({ changed: false, msg: 'All assertions passed' });
    expect(ok.result.failed).toBeUndefined();
    const bad = await runModuleCase(
      assertModule,
      { that: ['x == 3', 'x > 5'], fail_msg: 'too small' },
      { vars },
    );
    expect(bad.result).toMatchObject({
      failed: true,
      msg: 'too small',
      assertion: 'x > 5',
      evaluated_to: false,
    });
    const quiet = await runModuleCase(assertModule, { that: 'x == 3', quiet: true }, { vars });
    expect(quiet.result.msg).toBeUndefined();
  });

  it('fail fails with its message', async () => {
    expect((await runModuleCase(failModule, { msg: 'nope' })).result).toMatchObject({
      failed: true,
      msg: 'nope',
    });
    expect((await runModuleCase(failModule, {})).result).toMatchObject({
      failed: true,
      msg: 'Failed as requested from task',
    });
  });

  it('set_fact returns the variables for the engine, rejects bad names', async () => {
    const r = await runModuleCase(setFactModule, { a: 1, b: [2], cacheable: true });
    expect(r.result._provision_set_facts).toEqual({ a: 1, b: [2] });
    expect(setFactModule.schema.safeParse({ 'bad-name': 1 }).success).toBe(false);
    expect(setFactModule.schema.safeParse({}).success).toBe(false);
  });

  it('pause waits on the injected clock; a prompt without time is refused', async () => {
    const { ctx, sleeps } = moduleContext();
    const plan = await pauseModule.plan(pauseModule.schema.parse({ seconds: 2, minutes: '1' }), ctx);
    expect(sleeps).toEqual([62_000]);
    expect(plan.result).toMatchObject({ delta: 62 });
    await expect(pauseModule.plan(pauseModule.schema.parse({ prompt: 'press a key' }), ctx)).rejects.toThrow(
      /key press/,
    );
  });

  it('meta validates its action', () => {
    expect(metaModule.schema.safeParse({ _raw_params: 'flush_handlers' }).success).toBe(true);
    expect(metaModule.schema.safeParse({ _raw_params: 'reboot' }).success).toBe(false);
  });

  it('include_vars loads a file, or a name under which to put it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prv-iv-'));
    writeFileSync(join(dir, 'v.yml'), 'a: 1\nb: [x]\n');
    const { ctx } = moduleContext();
    ctx.files.resolve = (src) => join(dir, src);
    const plain = await includeVarsModule.plan(includeVarsModule.schema.parse({ file: 'v.yml' }), ctx);
    expect(plain.result._provision_include_vars).toEqual({ a: 1, b: ['x'] });
    const named = await includeVarsModule.plan(
      includeVarsModule.schema.parse({ file: 'v.yml', name: 'cfg' }),
      ctx,
    );
    expect(named.result._provision_include_vars).toEqual({ cfg: { a: 1, b: ['x'] } });
  });
});
