import { Command, Option } from 'commander';
import { OptionsError } from '../errors/index.js';
import type { Output } from './output.js';

/** `provision model run FILE… [--advance 10m] [-o table|json|yaml]`: a what-if run of manifests in the model. */
export function modelCommand(out: Output, setExit: (code: number) => void): Command {
  const model = new Command('model').description('the embedded Kubernetes control-plane model');
  model
    .command('run')
    .description('load Kubernetes manifests into the model, run it to quiescence, print pods and nodes')
    .argument('<files...>', 'YAML manifests (multi-document)')
    .option('--advance <duration>', 'model time to advance (e.g. 30s, 10m, 1h)', '10m')
    .addOption(
      new Option('-o, --output <format>', 'table, json or yaml')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .action(async (files: string[], o: { advance: string; output: 'table' | 'json' | 'yaml' }) => {
      if (!/^\d+(\.\d+)?(ms|s|m|h)$/.test(o.advance)) {
        throw new OptionsError({
          code: 'PRV800',
          message: `--advance takes a duration such as 30s, 10m or 1h, got ${o.advance}`,
        });
      }
      const { modelRun } = await import('../cluster/model-run/model-run.js');
      out.line((await modelRun(files, { advance: o.advance, output: o.output })).trimEnd());
      setExit(0);
    });
  return model;
}
