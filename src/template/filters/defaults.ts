import { problem } from '../errors.js';
import { isTruthy } from '../truthiness.js';
import { UndefinedValue } from '../undefined-value.js';
import { failIfUnknown } from '../values.js';
import { arg, type FilterSpec } from './types.js';

const defaultFilter: FilterSpec = {
  lenient: true,
  fn: (input, args, kw) => {
    failIfUnknown(input);
    const fallback = arg(args, kw, 0, 'default_value', '');
    const orFalsy = Boolean(arg(args, kw, 1, 'boolean', false));
    if (input instanceof UndefinedValue) return fallback;
    if (orFalsy && !isTruthy(input)) return fallback;
    return input;
  },
};

export const defaultFilters: Record<string, FilterSpec> = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory: {
    lenient: true,
    fn: (input, args, kw) => {
      failIfUnknown(input);
      if (input instanceof UndefinedValue) {
        const msg = arg(args, kw, 0, 'msg', undefined);
        throw problem(
          'PRV312',
          typeof msg === 'string' ? msg : `mandatory variable '${input.name}' is not defined`,
        );
      }
      return input;
    },
  },
  ternary: {
    fn: (input, args, kw) => {
      const yes = arg(args, kw, 0, 'true_val', undefined);
      const no = arg(args, kw, 1, 'false_val', undefined);
      if (input === null || input === undefined) return arg(args, kw, 2, 'none_val', no);
      return isTruthy(input) ? yes : no;
    },
  },
};
