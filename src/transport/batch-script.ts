import { CommandResult } from './transport.js';

/**
 * Runs many read-only probes in one shell round trip, with few processes on the host: each command runs in its own
 * subshell with its output in temp files and its exit code kept in a shell variable; then one `stat` measures every
 * output and one `cat` sends them all. The reply is a header line `<marker> rc outLen errLen rc outLen errLen …`
 * followed by the raw bytes, so output containing anything (even the marker) is parsed exactly.
 */
export function buildBatchScript(commands: readonly string[], marker: string): string {
  const lines = ['__d=$(mktemp -d) || exit 97', 'trap \'rm -rf "$__d"\' EXIT'];
  const files: string[] = [];
  const header: string[] = [];
  commands.forEach((cmd, i) => {
    lines.push(`( ${cmd}\n) </dev/null >"$__d/o${i}" 2>"$__d/e${i}"; __r${i}=$?`);
    files.push(`"$__d/o${i}"`, `"$__d/e${i}"`);
    header.push(`$__r${i}`);
  });
  // stat prints the sizes in file order; merge them with the exit codes into one header line.
  lines.push(
    `set -- $(stat -c %s ${files.join(' ')})`,
    `printf '%s' ${marker}`,
    ...header.map((rc) => `printf ' %s %s %s' ${rc} "$1" "$2"; shift 2`),
    `printf '\\n'`,
    `cat ${files.join(' ')}`,
  );
  return lines.join('\n');
}

export function parseBatchOutput(output: Buffer, count: number, marker: string): CommandResult[] {
  const nl = output.indexOf(10);
  if (nl < 0) throw new Error(`batch output has no header (${count} results expected)`);
  const header = output.subarray(0, nl).toString('utf8').trim().split(/\s+/);
  if (header[0] !== marker || header.length !== 1 + count * 3) {
    throw new Error(`malformed batch header: ${header.slice(0, 10).join(' ')}`);
  }
  const results: CommandResult[] = [];
  let pos = nl + 1;
  for (let i = 0; i < count; i++) {
    const rc = Number(header[1 + i * 3]);
    const outLen = Number(header[2 + i * 3]);
    const errLen = Number(header[3 + i * 3]);
    const stdout = output.subarray(pos, pos + outLen);
    const stderr = output.subarray(pos + outLen, pos + outLen + errLen);
    pos += outLen + errLen;
    results.push(new CommandResult(rc, Buffer.from(stdout), Buffer.from(stderr)));
  }
  if (pos > output.length) throw new Error(`batch output ended early (${output.length} of ${pos} bytes)`);
  return results;
}
