/** Where the CLI writes: injected so tests capture everything a user would see. */
export interface Output {
  line(text: string): void;
  error(text: string): void;
  isTTY: boolean;
  /** Raw stream writes for live renderers. */
  stream?: NodeJS.WriteStream;
}

export function processOutput(): Output {
  return {
    line: (t) => process.stdout.write(`${t}\n`),
    error: (t) => process.stderr.write(`${t}\n`),
    isTTY: process.stdout.isTTY === true,
    stream: process.stdout,
  };
}

export function captureOutput(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, line: (t) => stdout.push(t), error: (t) => stderr.push(t), isTTY: false };
}
