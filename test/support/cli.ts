import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureOutput } from '../../src/cli/output.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Everything a user would have seen. */
  all: string;
}

/** Runs the CLI in-process, capturing what it prints. */
export async function runCli(args: string[]): Promise<CliRun> {
  const out = captureOutput();
  const code = await main(['node', 'provision', ...args], out);
  const stdout = out.stdout.join('\n');
  const stderr = out.stderr.join('\n');
  return { code, stdout, stderr, all: `${stdout}\n${stderr}` };
}

/** Writes a tree of files (path → content) under a new temp directory and returns its path. */
export function writeTree(files: Record<string, string>, prefix = 'prv-test-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}
