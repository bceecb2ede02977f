import { createInterface } from 'node:readline';
import { OptionsError } from '../errors/index.js';

/** Reads a secret: from the terminal without echo, or the first line of piped standard input. */
export async function promptSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const rl = createInterface({ input });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new OptionsError({ code: 'PRV804', message: 'no password on standard input' });
  }
  process.stderr.write(question);
  return await new Promise<string>((resolve) => {
    let value = '';
    input.setRawMode(true);
    input.resume();
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(99);
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
