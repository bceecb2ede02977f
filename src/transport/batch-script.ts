import { CommandResult } from './transport.js';

/**
 * Runs many read-only probes in one shell round trip. Each command runs in its own subshell with its output in
 * temp files; the script then prints, per command, a header `<marker> <rc> <outLen> <errLen>` followed by the raw
 * bytes, so output containing anything (even the marker) is parsed exactly.
 */
export function buildBatchScript(commands: readonly string[], marker: string): string {
  const lines = ['__d=$(mktemp -d) || exit 97', 'trap \'rm -rf "$__d"\' EXIT'];
  commands.forEach((cmd, i) => {
    lines.push(`( ${cmd}\n) </dev/null >"$__d/o${i}" 2>"$__d/e${i}"; echo $? >"$__d/r${i}"`);
  });
  commands.forEach((_, i) => {
    lines.push(
      `printf '%s %s %s %s\\n' ${marker} "$(cat "$__d/r${i}")" "$(wc -c <"$__d/o${i}")" "$(wc -c <"$__d/e${i}")"`,
      `cat "$__d/o${i}" "$__d/e${i}"`,
    );
  });
  return lines.join('\n');
}

export function parseBatchOutput(output: Buffer, count: number, marker: string): CommandResult[] {
  const results: CommandResult[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const nl = output.indexOf(10, pos);
    if (nl < 0) throw new Error(`batch output ended after ${i} of ${count} results`);
    const header = output.subarray(pos, nl).toString('utf8').trim().split(/\s+/);
    if (header[0] !== marker || header.length !== 4)
      throw new Error(`malformed batch header: ${header.join(' ')}`);
    const rc = Number(header[1]);
    const outLen = Number(header[2]);
    const errLen = Number(header[3]);
    const start = nl + 1;
    const stdout = output.subarray(start, start + outLen);
    const stderr = output.subarray(start + outLen, start + outLen + errLen);
    pos = start + outLen + errLen;
    results.push(new CommandResult(rc, Buffer.from(stdout), Buffer.from(stderr)));
  }
  return results;
}
