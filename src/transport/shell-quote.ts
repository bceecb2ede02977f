/** Quotes one word for POSIX sh: safe words stay bare, everything else goes in single quotes. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into one command line, each quoted. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** Renders an octal mode (number or '0644' / '644' string) as the 4-digit string chmod takes. */
export function octalMode(mode: string | number): string {
  const text = typeof mode === 'number' ? mode.toString(8) : mode.replace(/^0o/, '');
  if (!/^[0-7]{3,4}$/.test(text)) throw new RangeError(`not an octal mode: ${String(mode)}`);
  return text.padStart(4, '0');
}
