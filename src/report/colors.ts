export type Color = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'bold' | 'dim';

const CODES: Record<Color, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  magenta: [35, 39],
  bold: [1, 22],
  dim: [2, 22],
};

export function painter(enabled: boolean): (color: Color, text: string) => string {
  return (color, text) => (enabled ? `\u001b[${CODES[color][0]}m${text}\u001b[${CODES[color][1]}m` : text);
}
