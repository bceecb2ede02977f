import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/cluster/model-run/duration.js';
import { modelRun } from '../../../src/cluster/model-run/model-run.js';
import { ManifestError, OptionsError } from '../../../src/errors/provision-error.js';

const golden = (name: string) => join('test/cluster/golden', name);

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it. */
function expectGolden(actual: string, name: string): void {
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden(name), actual);
  expect(actual).toBe(readFileSync(golden(name), 'utf8'));
}

describe('provision model run', () => {
  it('schedules the examples and explains what cannot run (table)', async () => {
    const out = await modelRun(
      [
        'examples/nodes.yaml',
        'examples/web-deployment.yaml',
        'examples/too-big.yaml',
        'examples/daemonset.yaml',
        'examples/oom.yaml',
      ],
      { advance: '10m', output: 'table' },
    );
    expectGolden(out, 'examples.txt');
  });

  it('shows Flannel crash-looping without a podCIDR (yaml)', async () => {
    const out = await modelRun(['examples/flannel-no-podcidr.yaml'], {
      advance: '5m',
      output: 'yaml',
      clusterCidr: '',
    });
    expectGolden(out, 'flannel-no-podcidr.yaml');
    expect(out).toContain('pod cidr not assigned');
  });

  it('renders json', async () => {
    const out = await modelRun(['examples/nodes.yaml', 'examples/web-deployment.yaml'], {
      advance: '2m',
      output: 'json',
    });
    expectGolden(out, 'web.json');
    const parsed = JSON.parse(out) as { pods: { status: string }[] };
    expect(parsed.pods.filter((p) => p.status === 'Running')).toHaveLength(4);
  });

  it('points at file:line for an invalid manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-run-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nmetadata:\n  name: nokind\n',
    );
    const err = await modelRun([file], { advance: '1m', output: 'table' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).code).toBe('PRV710');
    expect((err as ManifestError).where()).toBe(`${file}:8:1`);
    expect((err as ManifestError).message).toBe('missing kind');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nocontainers\nspec: {}\n');
    const invalid = await modelRun([file], { advance: '1m', output: 'table' }).catch((e: unknown) => e);
    expect((invalid as ManifestError).message).toBe(
      'Pod "nocontainers": Pod "nocontainers" is invalid: spec.containers: Required value',
    );
    expect((invalid as ManifestError).where()).toBe(`${file}:1:1`);
  });

  it('parses durations', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('10 minutes')).toThrow(OptionsError);
  });
});
