/** kube-scheduler for the model: the pure algorithm over a cache, and the loop over any KubeClient. */
export {
  type AlgorithmOptions,
  numFeasibleNodesToFind,
  type PreemptionPlan,
  type ScheduleResult,
  SchedulingAlgorithm,
} from './algorithm.js';
export { type HostPort, NodeInfo, type PodInfo, SchedulerCache } from './cache.js';
export {
  FilterState,
  type NodeStatus,
  Reasons,
  type TaintMessageStyle,
  Unschedulable,
  UnschedulableAndUnresolvable,
} from './filters.js';
export { formatFitError, noNodesAvailable } from './fit-error.js';
export { podRequests, type ResourceAmounts } from './resources.js';
export {
  createScheduler,
  defaultSchedulerName,
  type Scheduler,
  type SchedulerOptions,
  type SchedulerStats,
} from './scheduler.js';
export { ScoreWeights, scoreNodes } from './scores.js';
