import type { ErrorCodeTable } from './types.js';

/** PRV7xx — cluster errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const clusterCodes: ErrorCodeTable = {
  PRV701: {
    title: 'Object not found',
    hint: 'Check the kind, namespace and name; create the object (or its namespace) first.',
  },
  PRV702: {
    title: 'Object already exists',
    hint: 'Use a different name, or update the existing object instead of creating it.',
  },
  PRV703: {
    title: 'Conflict: the object was modified since it was read',
    hint: 'Read the object again and reapply the change to its latest resourceVersion.',
  },
  PRV704: {
    title: 'Gone: the resourceVersion is too old to watch from',
    hint: 'List again to get a fresh resourceVersion, then watch from it.',
  },
  PRV705: {
    title: 'Too many requests: the eviction would violate a PodDisruptionBudget',
    hint: 'Wait until enough pods of the budget are healthy, or relax the PodDisruptionBudget.',
  },
  PRV706: {
    title: 'Invalid object',
    hint: 'Fix the field named in the message; the manifest must be a valid object of its kind.',
  },
  PRV707: {
    title: 'Forbidden',
    hint: 'The namespace is being deleted, or the operation is not allowed on this object.',
  },
  PRV708: {
    title: 'Bad request',
    hint: 'Check the request: selector syntax, patch shape, or the subresource asked for.',
  },
  PRV710: {
    title: 'Invalid Kubernetes manifest',
    hint: 'Every document needs apiVersion, kind and metadata.name; fix the document at the location shown.',
  },
  PRV711: {
    title: 'Manifest file cannot be read',
    hint: 'Check that the file exists and is readable.',
  },
  PRV712: {
    title: 'Invalid duration',
    hint: 'Give a duration such as 30s, 10m or 1h30m.',
  },
  PRV713: {
    title: 'Invalid cluster intent',
    hint: 'Check the CIDRs, node names and CNI given for the cluster.',
  },
  PRV790: {
    title: 'Invalid scheduler option',
    hint: 'percentageOfNodesToScore is 0 (adaptive) to 100; batchSize is a positive integer.',
  },
};
