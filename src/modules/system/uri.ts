import { z } from 'zod';
import { shellQuote } from '../../transport/shell-quote.js';
import {
  changePlan,
  defineModule,
  type ModuleContext,
  type ModuleResult,
  okPlan,
  type Plan,
  unknownPlan,
} from '../module.js';
import { boolParam, intParam, pathParam } from '../params.js';
import { moduleError, probe, runOnHost } from './remote.js';

const schema = z
  .strictObject({
    url: z.string().regex(/^(https?|file|ftp):\/\/\S+$/i, 'expected an http(s):// URL'),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .default('GET'),
    body: z.unknown().optional(),
    body_format: z.enum(['json', 'form-urlencoded', 'raw']).default('raw'),
    headers: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
      .default({}),
    status_code: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(intParam)).default([200]),
    return_content: boolParam.default(false),
    validate_certs: boolParam.default(true),
    timeout: intParam.pipe(z.number().min(1)).default(30),
    follow_redirects: z.enum(['all', 'safe', 'none', 'urllib2']).default('safe'),
    force_basic_auth: boolParam.default(false),
    url_username: z.string().optional(),
    url_password: z.string().optional(),
    dest: pathParam.optional(),
    creates: pathParam.optional(),
    removes: pathParam.optional(),
  })
  .superRefine((p, ctx) => {
    if (
      p.body_format === 'form-urlencoded' &&
      p.body !== undefined &&
      (typeof p.body !== 'object' || p.body === null)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'body_format: form-urlencoded needs a mapping as body',
      });
    if (p.url_password !== undefined && p.url_username === undefined)
      ctx.addIssue({ code: 'custom', path: ['url_username'], message: 'url_password needs url_username' });
  });
type Params = z.infer<typeof schema>;

/** A double-quoted string in curl's config syntax, so nothing secret or odd ever appears on a command line. */
export function curlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export function encodeBody(p: Params): { body?: string; contentType?: string } {
  if (p.body === undefined) return {};
  if (p.body_format === 'json')
    return {
      body: typeof p.body === 'string' ? p.body : JSON.stringify(p.body),
      contentType: 'application/json',
    };
  if (p.body_format === 'form-urlencoded') {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(p.body as Record<string, unknown>)) form.append(k, String(v));
    return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  return { body: typeof p.body === 'string' ? p.body : JSON.stringify(p.body) };
}

/** curl's config (read from stdin with -K -): URL, method, headers, credentials, body. */
export function curlConfig(p: Params): string {
  const lines = [`url = ${curlString(p.url)}`, `max-time = ${p.timeout}`];
  if (p.method === 'HEAD') lines.push('head');
  else if (p.method !== 'GET') lines.push(`request = ${curlString(p.method)}`);
  if (!p.validate_certs) lines.push('insecure');
  const follow =
    p.follow_redirects === 'all' || (p.follow_redirects !== 'none' && ['GET', 'HEAD'].includes(p.method));
  if (follow) lines.push('location');
  const { body, contentType } = encodeBody(p);
  const headers = { ...p.headers };
  if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = contentType;
  for (const [k, v] of Object.entries(headers)) lines.push(`header = ${curlString(`${k}: ${v}`)}`);
  if (p.url_username !== undefined) {
    lines.push(`user = ${curlString(`${p.url_username}:${p.url_password ?? ''}`)}`);
    lines.push(p.force_basic_auth ? 'basic' : 'anyauth');
  }
  if (body !== undefined) lines.push(`data-raw = ${curlString(body)}`);
  return `${lines.join('\n')}\n`;
}

const HEADERS_MARK = '\n--PRV-HEADERS--\n';
const BODY_MARK = '\n--PRV-BODY--\n';

function curlCommand(dest?: string): string {
  const out = dest === undefined ? '"$t/body"' : shellQuote(dest);
  return [
    'command -v curl >/dev/null 2>&1 || { echo "curl: not found" >&2; exit 127; }',
    't=$(mktemp -d) || exit 1',
    `curl -sS -K - -o ${out} -D "$t/headers" -w '%{http_code}'; rc=$?`,
    `printf '${HEADERS_MARK.replace(/\n/g, '\\n')}'; cat "$t/headers" 2>/dev/null`,
    `printf '${BODY_MARK.replace(/\n/g, '\\n')}'; cat "$t/body" 2>/dev/null; rm -rf "$t"; exit $rc`,
  ].join('\n');
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits the command's output; with redirects followed, the last header block is the final response's. */
export function parseCurlOutput(out: string): HttpResponse {
  const h = out.indexOf(HEADERS_MARK);
  const b = out.indexOf(BODY_MARK, Math.max(h, 0));
  const status = Number(out.slice(0, h < 0 ? undefined : h).trim()) || -1;
  const headerText = h < 0 ? '' : out.slice(h + HEADERS_MARK.length, b < 0 ? undefined : b);
  const blocks = headerText.split(/\r?\n\r?\n/).filter((x) => x.trim() !== '');
  const headers: Record<string, string> = {};
  for (const line of (blocks.at(-1) ?? '').split(/\r?\n/).slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { status, headers, body: b < 0 ? '' : out.slice(b + BODY_MARK.length) };
}

function resultOf(p: Params, res: HttpResponse, curlErr: string): ModuleResult {
  const r: ModuleResult = { url: p.url, status: res.status, redirected: false };
  for (const [k, v] of Object.entries(res.headers)) r[k.replace(/-/g, '_')] = v;
  if (p.return_content) r.content = res.body;
  if (/json/i.test(res.headers['content-type'] ?? '')) {
    try {
      r.json = JSON.parse(res.body);
    } catch {
      // Not JSON after all: content (when asked for) still has the text.
    }
  }
  const ok = p.status_code.includes(res.status);
  if (ok) r.msg = `OK (${res.headers['content-length'] ?? Buffer.byteLength(res.body)} bytes)`;
  else {
    r.failed = true;
    r.msg =
      res.status === -1
        ? `Status code was -1 and not [${p.status_code.join(', ')}]: Request failed: ${curlErr.trim()}`
        : `Status code was ${res.status} and not [${p.status_code.join(', ')}]`;
  }
  return r;
}

async function request(ctx: ModuleContext, p: Params): Promise<{ result: ModuleResult; connected: boolean }> {
  const res = await runOnHost(ctx, curlCommand(p.dest), {
    stdin: curlConfig(p),
    timeoutMs: (p.timeout + 10) * 1000,
  });
  if (res.rc === 127 && /curl: not found/.test(res.err))
    throw moduleError(ctx, 'PRV451', 'uri runs curl on the host, and curl is not installed there');
  const parsed = parseCurlOutput(res.out);
  return { result: resultOf(p, parsed, res.err), connected: parsed.status > 0 };
}

export const uriModule = defineModule<Params>({
  name: 'uri',
  schema,
  async plan(p, ctx): Promise<Plan> {
    const secretValues = [
      ...(p.url_password ? [p.url_password] : []),
      ...Object.entries(p.headers)
        .filter(([k]) => /^(authorization|x-auth-token|cookie)$/i.test(k))
        .map(([, v]) => v),
    ];
    const guards = [
      ...(p.creates ? [`[ -e ${shellQuote(p.creates)} ] && echo exists; true`] : []),
      ...(p.removes ? [`[ -e ${shellQuote(p.removes)} ] && echo exists; true`] : []),
    ];
    if (guards.length > 0) {
      const answers = await probe(ctx, guards);
      let i = 0;
      if (p.creates && answers[i++]?.out.includes('exists'))
        return { ...okPlan({ url: p.url, msg: `skipped, since ${p.creates} exists` }), secretValues };
      if (p.removes && !answers[i]?.out.includes('exists'))
        return { ...okPlan({ url: p.url, msg: `skipped, since ${p.removes} does not exist` }), secretValues };
    }
    const readOnly = (p.method === 'GET' || p.method === 'HEAD') && p.dest === undefined;
    if (!readOnly) {
      const apply = async () => ({ ...(await request(ctx, p)).result, changed: true });
      return changePlan(`${p.method} ${p.url}${p.dest ? ` → ${p.dest}` : ''}`, apply, {
        result: { url: p.url },
        paths: p.dest ? [p.dest] : undefined,
        secretValues,
      });
    }
    // A GET reads; it runs in check mode too, so registered results are real.
    const { result, connected } = await request(ctx, p);
    if (ctx.checkMode && !connected)
      return {
        ...unknownPlan(`${p.url} did not answer; it may once changes check mode does not make are applied`),
        secretValues,
      };
    return {
      ...okPlan(result, result.failed ? String(result.msg) : `${p.method} ${p.url} → ${result.status}`),
      secretValues,
    };
  },
});
