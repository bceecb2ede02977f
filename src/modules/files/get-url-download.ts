import { shellQuote } from '../../transport/shell-quote.js';
import { baseName, parentDir } from './host-io.js';

/**
 * The host-side download for get_url: one script that fetches the URL into a temp file beside dest and prints
 * the temp path, its checksum, dest's checksum and the HTTP status, so the controller decides what to keep.
 */
export interface DownloadSpec {
  url: string;
  dest: string;
  algo: string;
  tool?: 'curl' | 'wget';
  timeoutSec: number;
  headers: Record<string, string>;
  validateCerts: boolean;
}

export function downloadScript(s: DownloadSpec): string {
  const tmpl = shellQuote(`${parentDir(s.dest)}/.${baseName(s.dest)}.provision-XXXXXX`);
  let fetch: string;
  if (s.url.startsWith('file://')) {
    fetch = `cp -- ${shellQuote(decodeURIComponent(new URL(s.url).pathname))} "$t" && status=200`;
  } else if (s.tool === 'curl') {
    const headers = Object.entries(s.headers).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`);
    fetch = [
      'status=$(curl -sSL -w "%{http_code}" -o "$t"',
      `--max-time ${s.timeoutSec}`,
      s.validateCerts ? '' : '-k',
      ...headers,
      `--url ${shellQuote(s.url)})`,
      '&& [ "$status" -lt 400 ]',
    ]
      .filter((w) => w !== '')
      .join(' ');
  } else {
    const headers = Object.entries(s.headers).map(([k, v]) => shellQuote(`--header=${k}: ${v}`));
    fetch = [
      'wget -q -O "$t"',
      `-T ${s.timeoutSec}`,
      s.validateCerts ? '' : '--no-check-certificate',
      ...headers,
      `-- ${shellQuote(s.url)}`,
      '&& status=200',
    ]
      .filter((w) => w !== '')
      .join(' ');
  }
  const dq = shellQuote(s.dest);
  return [
    `t=$(mktemp ${tmpl}) || exit 1`,
    `${fetch} || { rc=$?; echo "download failed: status \${status:-none}" >&2; rm -f "$t"; exit \${rc:-1}; }`,
    `printf '%s\\n' "$t"`,
    `${s.algo}sum -- "$t" | cut -d' ' -f1`,
    `if [ -f ${dq} ]; then ${s.algo}sum -- ${dq} | cut -d' ' -f1; else echo; fi`,
    `printf '%s\\n' "$status"`,
  ].join('\n');
}

export function parseDownload(out: string): { tmp: string; sum: string; destSum: string; status: number } {
  const [tmp = '', sum = '', destSum = '', status = '0'] = out.split('\n');
  return { tmp, sum, destSum, status: Number(status) };
}
