import { versionMatches } from '../version-compare.js';
import { cidrFilters } from './cidr-filters.js';
import { collectionFilters } from './collections.js';
import { defaultFilters } from './defaults.js';
import { higherOrderFilters } from './higher-order.js';
import { numberFilters } from './numbers.js';
import { pathFilters } from './paths.js';
import { regexFilters } from './regex-filters.js';
import { serializationFilters } from './serialization.js';
import { stringFilters } from './strings.js';
import { arg, type FilterSpec } from './types.js';

const versionFilter: FilterSpec = {
  fn: (input, args, kw) =>
    versionMatches(input, arg(args, kw, 0, 'version'), arg(args, kw, 1, 'operator', 'eq')),
};

/** Every filter by its short name; namespaced names (ansible.utils.ipaddr) resolve through shortName(). */
export const filters = new Map<string, FilterSpec>(
  Object.entries({
    ...defaultFilters,
    ...stringFilters,
    ...numberFilters,
    ...collectionFilters,
    ...higherOrderFilters,
    ...serializationFilters,
    ...regexFilters,
    ...pathFilters,
    ...cidrFilters,
    version: versionFilter,
    version_compare: versionFilter,
  }),
);
