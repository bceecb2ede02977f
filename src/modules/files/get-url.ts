import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import { changePlan, defineModule, type ModuleContext, okPlan, type Plan, unknownPlan } from '../module.js';
import { boolParam, intParam, pathParam } from '../params.js';
import { accountProbes, planAttributes, type WantedAttributes } from './attributes.js';
import { attributeParams, backupParam } from './common-params.js';
import { recordDiff } from './content-diff.js';
import { formatMode, resolveMode } from './file-mode.js';
import { type FileState, fileStateCommand, readFileState } from './file-state.js';
import { downloadScript, parseDownload } from './get-url-download.js';
import { baseName, fileError, joinRemote, parentDir, probeBatch, runChecked } from './host-io.js';
import { pendingReason, unknownChange } from './pending.js';
import { backupFile } from './write-plan.js';

/**
 * ansible.builtin.get_url: the TARGET downloads the URL (curl or wget, whichever it has; file:// with cp) into a
 * temp file beside dest, verifies the checksum, then renames it into place. Idempotent: an existing dest is kept
 * when force is off, or when its checksum already matches.
 */

const CHECKSUM_RE = /^(md5|sha1|sha224|sha256|sha384|sha512):([0-9a-fA-F]+)$/;

const schema = z
  .strictObject({
    url: z.string().regex(/^(https?|file):\/\//, 'url must start with http://, https:// or file://'),
    dest: pathParam,
    checksum: z
      .string()
      .regex(
        CHECKSUM_RE,
        "checksum must be 'algorithm:hex' (e.g. sha256:9f86…); checksum URLs are not supported",
      )
      .optional(),
    force: boolParam.optional(),
    backup: backupParam,
    timeout: intParam.optional(),
    headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
    validate_certs: boolParam.optional(),
    ...attributeParams,
  })
  .superRefine((p, ctx) => {
    try {
      new URL(p.url);
    } catch {
      ctx.addIssue({ code: 'custom', message: `url ${p.url} is not a valid URL` });
    }
  });

export type GetUrlParams = z.infer<typeof schema>;

function urlFileName(url: string): string {
  const name = baseName(decodeURIComponent(new URL(url).pathname));
  return name === '' ? 'index.html' : name;
}

async function probeDest(ctx: ModuleContext, dest: string, algo: string, attrs: WantedAttributes) {
  const q = shellQuote(dest);
  const accounts = accountProbes(attrs);
  const res = await probeBatch(ctx, [
    fileStateCommand(dest),
    `if [ -f ${q} ]; then ${algo}sum -- ${q} | cut -d' ' -f1; fi`,
    `test -d ${shellQuote(parentDir(dest))}`,
    'command -v curl',
    'command -v wget',
    ...accounts.commands,
  ]);
  return {
    state: readFileState(ctx, res[0], dest),
    sum: res[1]?.out.trim() ?? '',
    parentExists: res[2]?.rc === 0,
    tool: res[3]?.rc === 0 ? ('curl' as const) : res[4]?.rc === 0 ? ('wget' as const) : undefined,
    accountsPending: accounts.verify(ctx, res.slice(5)),
  };
}

async function planGetUrl(p: GetUrlParams, ctx: ModuleContext): Promise<Plan> {
  const [algo, expected] = p.checksum
    ? (CHECKSUM_RE.exec(p.checksum)?.slice(1) ?? [])
    : ['sha256', undefined];
  const hashAlgo = algo ?? 'sha256';
  const wantedSum = expected?.toLowerCase();
  const attrs = { mode: p.mode, owner: p.owner, group: p.group };
  let dest = p.dest;
  if (pendingReason(ctx, dest)) return unknownChange(pendingReason(ctx, dest) as string, dest);
  let probe = await probeDest(ctx, dest, hashAlgo, attrs);
  if (probe.state.exists && probe.state.type === 'directory') {
    dest = joinRemote(dest, urlFileName(p.url));
    if (pendingReason(ctx, dest)) return unknownChange(pendingReason(ctx, dest) as string, dest);
    probe = await probeDest(ctx, dest, hashAlgo, attrs);
  }
  if (probe.accountsPending) return unknownChange(probe.accountsPending, dest);
  const { state } = probe;
  const secretValues = new URL(p.url).password ? [decodeURIComponent(new URL(p.url).password)] : undefined;
  const base = { dest, url: p.url, ...(wantedSum ? { checksum_src: wantedSum } : {}) };
  const fileUrl = p.url.startsWith('file://');
  if (
    !fileUrl &&
    probe.tool === undefined &&
    !(state.exists && !p.force && (!wantedSum || probe.sum === wantedSum))
  ) {
    throw fileError(
      ctx,
      'PRV415',
      `neither curl nor wget is installed on ${ctx.host}; get_url downloads on the host`,
    );
  }

  if (state.exists) {
    if (state.type !== 'file') throw fileError(ctx, 'PRV412', `${dest} is a ${state.type}, not a file`);
    if ((wantedSum && probe.sum === wantedSum) || (!wantedSum && !p.force)) {
      return attributesOnly(
        ctx,
        dest,
        state,
        attrs,
        base,
        wantedSum ? 'checksum matches' : `${dest} exists and force is off`,
      );
    }
  } else if (!probe.parentExists) {
    const dirPending = pendingReason(ctx, parentDir(dest));
    if (dirPending) return unknownChange(dirPending, dest);
    throw fileError(ctx, 'PRV410', `destination directory ${parentDir(dest)} does not exist`);
  }

  const apply = () => download(ctx, p, { dest, state, hashAlgo, wantedSum, tool: probe.tool, attrs, base });
  const diff = ctx.diffMode
    ? [
        recordDiff(
          dest,
          { state: state.exists ? `file (${hashAlgo} ${probe.sum})` : 'absent' },
          { state: `file from ${p.url}` },
        ),
      ]
    : undefined;
  if (state.exists && !wantedSum) {
    // force without a checksum: whether the content differs is only known after downloading it.
    const plan = unknownPlan(
      `force: true downloads ${p.url} again; whether it differs from ${dest} is known only after the download`,
      apply,
    );
    return { ...plan, paths: [dest], diff, secretValues };
  }
  return changePlan(state.exists ? `${dest} checksum differs` : `${dest} absent`, apply, {
    paths: [dest],
    diff,
    result: base,
    secretValues,
  });
}

function attributesOnly(
  ctx: ModuleContext,
  dest: string,
  state: FileState & { exists: true },
  attrs: WantedAttributes,
  base: Record<string, unknown>,
  reason: string,
): Plan {
  const change = planAttributes(dest, state, attrs);
  if (change.commands.length === 0) return okPlan({ ...base, msg: 'file already exists' }, reason);
  return changePlan(
    change.changes.join(', '),
    async () => {
      for (const cmd of change.commands) await runChecked(ctx, cmd);
      return { changed: true, ...base };
    },
    {
      paths: [dest],
      diff: ctx.diffMode ? [recordDiff(dest, change.before, change.after)] : undefined,
      result: base,
    },
  );
}

async function download(
  ctx: ModuleContext,
  p: GetUrlParams,
  d: {
    dest: string;
    state: FileState;
    hashAlgo: string;
    wantedSum?: string;
    tool?: 'curl' | 'wget';
    attrs: WantedAttributes;
    base: Record<string, unknown>;
  },
) {
  const script = downloadScript({
    url: p.url,
    dest: d.dest,
    algo: d.hashAlgo,
    tool: d.tool,
    timeoutSec: p.timeout ?? 10,
    headers: p.headers ?? {},
    validateCerts: p.validate_certs ?? true,
  });
  const res = await ctx.transport.run(script, { become: ctx.become });
  if (res.rc !== 0) {
    throw fileError(
      ctx,
      'PRV415',
      `downloading ${p.url} failed on ${ctx.host} (rc ${res.rc}): ${res.err.trim()}`,
    );
  }
  const got = parseDownload(res.out);
  const rm = `rm -f -- ${shellQuote(got.tmp)}`;
  if (d.wantedSum && got.sum !== d.wantedSum) {
    await ctx.transport.run(rm, { become: ctx.become });
    throw fileError(
      ctx,
      'PRV414',
      `the checksum for ${d.dest} did not match ${d.wantedSum}; it was ${got.sum}`,
    );
  }
  const result = { ...d.base, checksum_dest: got.sum, status_code: got.status };
  if (d.state.exists && got.destSum === got.sum) {
    await runChecked(ctx, rm);
    const change = planAttributes(d.dest, d.state, d.attrs);
    for (const cmd of change.commands) await runChecked(ctx, cmd);
    return { changed: change.commands.length > 0, ...result, msg: 'OK (content unchanged)' };
  }
  const out: Record<string, unknown> = { changed: true, ...result, msg: 'OK' };
  if (p.backup && d.state.exists) out.backup_file = await backupFile(ctx, d.dest);
  const current = d.state.exists ? Number.parseInt(d.state.mode, 8) : 0o644;
  const mode = d.attrs.mode
    ? formatMode(resolveMode(d.attrs.mode, current, false))
    : d.state.exists
      ? d.state.mode
      : '0644';
  const owner = d.attrs.owner ?? (d.state.exists ? String(d.state.uid) : '');
  const group = d.attrs.group ?? (d.state.exists ? String(d.state.gid) : '');
  const t = shellQuote(got.tmp);
  const chown =
    owner || group ? `chown ${shellQuote(`${owner}${group ? `:${group}` : ''}`)} -- ${t} && ` : '';
  await runChecked(
    ctx,
    `{ chmod ${mode} -- ${t} && ${chown}mv -f -- ${t} ${shellQuote(d.dest)}; } || { rm -f -- ${t}; exit 1; }`,
  );
  return out;
}

export const getUrlModule = defineModule<GetUrlParams>({
  name: 'get_url',
  schema,
  plan: planGetUrl,
});
