import { z } from 'zod';
import { shellJoin } from '../../transport/shell-quote.js';
import {
  changePlan,
  defineModule,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
  unknownPlan,
} from '../module.js';
import { boolParam, intParam, stringListParam } from '../params.js';
import { aptGet, CACHE_TIME_PROBE, DPKG_FORMAT, ENV, normState } from './apt-commands.js';
import { planDeb } from './apt-deb.js';
import {
  type AptDecision,
  decideApt,
  type PackageSpec,
  packageSpecProblem,
  parseAptPolicy,
  parseDpkgQuery,
  parsePackageSpec,
} from './apt-state.js';
import {
  commandFailed,
  failedResult,
  moduleError,
  pendingAmong,
  probe,
  probeError,
  runOnHost,
} from './remote.js';

const schema = z
  .strictObject({
    name: stringListParam.optional(),
    pkg: stringListParam.optional(),
    package: stringListParam.optional(),
    state: z.enum(['present', 'latest', 'absent', 'fixed', 'installed', 'removed']).default('present'),
    purge: boolParam.default(false),
    update_cache: boolParam.default(false),
    cache_valid_time: intParam.pipe(z.number().min(0)).optional(),
    deb: z.string().min(1).optional(),
    install_recommends: boolParam.optional(),
    allow_downgrade: boolParam.default(false),
    allow_change_held_packages: boolParam.default(false),
    force_apt_get: boolParam.default(false),
    autoremove: boolParam.default(false),
  })
  .superRefine((p, ctx) => {
    const given = [p.name, p.pkg, p.package].filter((v) => v !== undefined);
    if (given.length > 1)
      ctx.addIssue({ code: 'custom', message: 'name, pkg and package are the same parameter; give one' });
    const names = given[0] ?? [];
    if (p.deb !== undefined && names.length > 0)
      ctx.addIssue({ code: 'custom', message: 'deb and name are mutually exclusive' });
    for (const spec of names) {
      const problem = packageSpecProblem(spec);
      if (problem) ctx.addIssue({ code: 'custom', path: ['name'], message: problem });
      if (p.state === 'latest' && spec.includes('='))
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: `'${spec}': a version pin is inconsistent with state: latest`,
        });
    }
    if (
      names.length === 0 &&
      p.deb === undefined &&
      !p.update_cache &&
      p.cache_valid_time === undefined &&
      !p.autoremove
    )
      ctx.addIssue({ code: 'custom', message: 'give name, deb, update_cache or autoremove' });
    if (p.deb !== undefined && p.state !== 'present' && p.state !== 'installed')
      ctx.addIssue({
        code: 'custom',
        path: ['deb'],
        message: 'deb installs a package file: use state: present',
      });
  });
export type AptParams = z.infer<typeof schema>;

interface Probed {
  decision: AptDecision;
  /** Target's clock and the last cache update, in epoch seconds. */
  now: number;
  cacheTime: number;
  autoremovable: number;
}

async function probeState(ctx: ModuleContext, p: AptParams, specs: readonly PackageSpec[]): Promise<Probed> {
  const names = specs.map((s) => s.name);
  const cmds = [CACHE_TIME_PROBE];
  if (names.length > 0) {
    cmds.push(`dpkg-query -W ${DPKG_FORMAT} -- ${shellJoin(names)}`);
    cmds.push(`LC_ALL=C apt-cache policy -- ${shellJoin(names)}`);
  } else if (p.autoremove) cmds.push(`LC_ALL=C apt-get -s -q ${p.purge ? '--purge ' : ''}autoremove`);
  const [time, dpkgRes, policyRes] = await probe(ctx, cmds);
  const [nowText = '', stampText = ''] = (time?.out ?? '').trim().split('\n');
  const now = Number(nowText);
  if (!Number.isFinite(now) || now <= 0)
    throw probeError(ctx, CACHE_TIME_PROBE, `no time from the host: ${time?.err ?? ''}`);
  let decision: AptDecision = { install: [], remove: [], missing: [], held: [] };
  let autoremovable = 0;
  if (names.length > 0) {
    // dpkg-query exits 1 when some names are unknown to dpkg; that is an answer, not an error.
    if (!dpkgRes || dpkgRes.rc > 1) throw missingTool(ctx, dpkgRes?.err ?? '', 'dpkg-query');
    if (policyRes?.rc !== 0) throw missingTool(ctx, policyRes?.err ?? '', 'apt-cache');
    decision = decideApt(
      specs,
      normState(p.state),
      p.purge,
      parseDpkgQuery(dpkgRes.out),
      parseAptPolicy(policyRes.out),
    );
  } else if (dpkgRes) {
    if (dpkgRes.rc !== 0) throw missingTool(ctx, dpkgRes.err, 'apt-get');
    autoremovable = dpkgRes.out.split('\n').filter((l) => l.startsWith('Remv ')).length;
  }
  return { decision, now, cacheTime: Number(stampText) || 0, autoremovable };
}

function missingTool(ctx: ModuleContext, err: string, tool: string) {
  return /not found/.test(err)
    ? moduleError(
        ctx,
        'PRV451',
        `${tool} is not installed on the host; the apt module needs a Debian-based host`,
      )
    : probeError(ctx, tool, err.trim());
}

/** Runs what `decision` asks for; the first failure ends it as a failed result. */
async function runDecision(
  ctx: ModuleContext,
  p: AptParams,
  d: AptDecision,
  autoremove: boolean,
): Promise<ModuleResult> {
  const held = d.held.length > 0;
  const cmds: string[] = [];
  if (d.install.length > 0) cmds.push(aptGet(p, 'install', d.install, held));
  if (d.remove.length > 0) cmds.push(aptGet(p, 'remove', d.remove, held));
  if (autoremove) cmds.push(aptGet(p, 'autoremove', [], false));
  let stdout = '';
  let stderr = '';
  for (const cmd of cmds) {
    const res = await runOnHost(ctx, cmd);
    stdout += res.out;
    stderr += res.err;
    if (res.rc !== 0) return commandFailed(cmd, res);
  }
  return { changed: cmds.length > 0, stdout, stderr };
}

function specsOf(p: AptParams): PackageSpec[] {
  return (p.name ?? p.pkg ?? p.package ?? []).map(parsePackageSpec);
}

export const aptModule = defineModule<AptParams>({
  name: 'apt',
  schema,
  async plan(p, ctx): Promise<Plan> {
    if (p.deb !== undefined) return planDeb(p, p.deb, ctx);
    const specs = specsOf(p);
    const probed = await probeState(ctx, p, specs);
    const { decision: d } = probed;
    const cacheStale =
      // As in Ansible, an explicit cache_valid_time implies update_cache.
      (p.update_cache || p.cache_valid_time !== undefined) &&
      (!p.cache_valid_time || probed.now - probed.cacheTime > p.cache_valid_time);
    const cacheResult = { cache_updated: false, cache_update_time: probed.cacheTime };
    if (d.held.length > 0 && !p.allow_change_held_packages)
      throw moduleError(ctx, 'PRV453', `held packages would change: ${d.held.join(', ')}`);

    const apply = async (): Promise<ModuleResult> => {
      let decision = d;
      let cacheTime = probed.cacheTime;
      if (cacheStale) {
        const cmd = `${ENV} apt-get -q update`;
        const res = await runOnHost(ctx, cmd);
        if (res.rc !== 0) return commandFailed(cmd, res, `failed to update the apt cache: ${res.err.trim()}`);
        const again = await probeState(ctx, p, specs);
        decision = again.decision;
        cacheTime = again.cacheTime || again.now;
        if (decision.held.length > 0 && !p.allow_change_held_packages)
          return failedResult(`held packages would change: ${decision.held.join(', ')}`);
      }
      const cache = { cache_updated: cacheStale, cache_update_time: cacheTime };
      if (decision.missing.length > 0)
        return failedResult(`no available installation candidate for ${decision.missing.join(', ')}`, cache);
      const wantAutoremove = specs.length === 0 && p.autoremove && (cacheStale || probed.autoremovable > 0);
      const res = await runDecision(ctx, p, decision, wantAutoremove);
      if (specs.length === 0 && cacheStale && !res.failed) res.changed = true;
      return { ...res, ...cache };
    };

    if (d.missing.length > 0) {
      const pending = pendingAmong(ctx, ['/etc/apt/sources.list', '/etc/apt/sources.list.d'], ['/etc/apt']);
      if (pending)
        return unknownPlan(
          `${d.missing.join(', ')} has no candidate yet: depends on repository added by task "${pending.task}" (${pending.path})`,
          apply,
        );
      if (!cacheStale)
        throw moduleError(ctx, 'PRV452', `no available installation candidate for ${d.missing.join(', ')}`);
      if (ctx.checkMode)
        return unknownPlan(
          `${d.missing.join(', ')} has no candidate in the current cache; the cache update may provide one`,
          apply,
        );
      return changePlan(`install ${d.missing.join(', ')} after updating the cache`, apply, {
        paths: ['/var/lib/dpkg/status'],
      });
    }
    const changes = [
      ...d.install.map((s) => `install ${s}`),
      ...d.remove.map((s) => `remove ${s}`),
      ...(specs.length === 0 && probed.autoremovable > 0
        ? [`autoremove ${probed.autoremovable} packages`]
        : []),
    ];
    if (changes.length > 0)
      return changePlan(changes.join(', '), apply, { paths: ['/var/lib/dpkg/status'], result: cacheResult });
    if (cacheStale && specs.length === 0)
      return changePlan('update the apt cache', apply, { result: cacheResult });
    if (cacheStale && normState(p.state) === 'latest' && ctx.checkMode)
      return unknownPlan('newer versions may appear once the apt cache is updated', apply);
    // Packages are as wanted; a stale cache is still refreshed (as Ansible does) without counting as a change.
    const plan = okPlan(cacheResult, 'packages are in the requested state');
    return cacheStale ? { ...plan, apply } : plan;
  },
});
