/** What lenient reads (`x is defined`, `x | default(…)`) see for a name or key that does not exist. */
export class UndefinedValue {
  constructor(readonly name: string) {}
}
