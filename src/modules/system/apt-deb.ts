import { shellQuote } from '../../transport/shell-quote.js';
import {
  changePlan,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
  unknownPlan,
} from '../module.js';
import { type AptCommandOptions, aptGet, DPKG_FORMAT } from './apt-commands.js';
import { parseDebFields, parseDpkgQuery } from './apt-state.js';
import { commandFailed, failedResult, moduleError, pendingAmong, probe, runOnHost } from './remote.js';

/** apt's `deb:` — a package file on the host or at a URL, installed with apt-get so its dependencies come along. */

export async function planDeb(p: AptCommandOptions, deb: string, ctx: ModuleContext): Promise<Plan> {
  const isUrl = /^[a-z]+:\/\//i.test(deb);
  if (isUrl) {
    const apply = async (): Promise<ModuleResult> => {
      const fetch = `d=$(mktemp -d) && curl -fsSL -o "$d/package.deb" ${shellQuote(deb)} && echo "$d/package.deb"`;
      const got = await runOnHost(ctx, fetch);
      if (got.rc !== 0) return commandFailed(fetch, got, `cannot download ${deb}: ${got.err.trim()}`);
      const local = got.out.trim();
      try {
        return await installDebIfNeeded(ctx, p, local);
      } finally {
        await runOnHost(ctx, `rm -rf -- ${shellQuote(local.replace(/\/package\.deb$/, ''))}`);
      }
    };
    return unknownPlan(`the package in ${deb} is known only after downloading it`, apply);
  }
  const state = await inspectDeb(ctx, deb);
  if (state === undefined) {
    const pending = pendingAmong(ctx, [deb]);
    if (pending)
      return unknownPlan(`depends on ${deb}, which task "${pending.task}" would create`, () =>
        installDebIfNeeded(ctx, p, deb),
      );
    throw moduleError(ctx, 'PRV457', `${deb} is not a readable Debian package on the host`);
  }
  if (state.installed) return okPlan({}, `${state.name} ${state.version} is installed`);
  return changePlan(
    `install ${state.name} ${state.version} from ${deb}`,
    () => installDebIfNeeded(ctx, p, deb),
    {
      paths: ['/var/lib/dpkg/status'],
    },
  );
}

interface DebState {
  name: string;
  version: string;
  installed: boolean;
}

function debProbe(path: string): string {
  const q = shellQuote(path);
  return `dpkg-deb -f ${q} Package Version || exit 2; n=$(dpkg-deb -f ${q} Package); echo ---; dpkg-query -W ${DPKG_FORMAT} -- "$n" 2>/dev/null; true`;
}

async function inspectDeb(ctx: ModuleContext, path: string, useRun = false): Promise<DebState | undefined> {
  const cmd = debProbe(path);
  const res = useRun ? await runOnHost(ctx, cmd) : (await probe(ctx, [cmd]))[0];
  if (res?.rc !== 0) return undefined;
  const [fields = '', dpkg = ''] = res.out.split('\n---\n');
  const deb = parseDebFields(fields);
  if (!deb) return undefined;
  const current = parseDpkgQuery(dpkg).get(deb.name);
  return { ...deb, installed: current?.status === 'installed' && current.version === deb.version };
}

async function installDebIfNeeded(
  ctx: ModuleContext,
  p: AptCommandOptions,
  path: string,
): Promise<ModuleResult> {
  const state = await inspectDeb(ctx, path, true);
  if (!state) return failedResult(`${path} is not a readable Debian package on the host`);
  if (state.installed) return { changed: false };
  const cmd = aptGet(p, 'install', [path.startsWith('/') ? path : `./${path}`], p.allow_change_held_packages);
  const res = await runOnHost(ctx, cmd);
  if (res.rc !== 0) return commandFailed(cmd, res);
  return { changed: true, stdout: res.out, stderr: res.err };
}
