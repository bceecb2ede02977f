export { defaultGroups, type GroupCounts, parseGroupsSpec } from './host-plan.js';
export { type LabCommandIo, labCommand } from './lab-command.js';
export { type LabDownResult, labDown } from './lab-down.js';
export {
  type HostStatus,
  type LabRef,
  labAdd,
  labStart,
  labStatus,
  labStop,
  openLab,
  sshArgs,
} from './lab-ops.js';
export { type LabUpResult, labUp } from './lab-up.js';
export { labPrerequisiteProblem } from './preflight.js';
export { addPackagesToLabRepo, regenerateRepoIndex } from './repo.js';
export { DEFAULT_LAB_NAME, type HostState, type LabState, labDir, labFiles, readLabState } from './state.js';
