import type { KubeClient } from '../client/kube-client.js';
import type { NodeHost } from '../kubelet/node-host.js';
import type { Container, Node, Pod } from '../objects/index.js';

/** What a simulated container sees when it starts: its pod, its node (as the API has it), the node's files. */
export interface ContainerContext {
  pod: Pod;
  container: Container;
  node: Node;
  host: NodeHost;
  client: KubeClient;
}

export type StartOutcome =
  | { ok: true }
  /** The process exits: the kubelet restarts it with back-off (CrashLoopBackOff). */
  | { ok: false; exitCode: number; message: string };

/** Resource use a container declares by its arguments (the stress images of the Kubernetes docs). */
export interface ContainerUsage {
  memoryBytes?: number;
  cpuMilli?: number;
}

/**
 * What an image does, as data plus small hooks. Never keyed on pod names: the same image behaves the same in
 * any pod, DaemonSet or namespace.
 */
export interface ImageBehaviour {
  /** For messages and docs. */
  description: string;
  /** Time from ContainerCreating to the process running. */
  startupMs: number;
  /** Runs each time the container starts; a failure crash-loops it. */
  start?(ctx: ContainerContext): Promise<StartOutcome>;
  usage?(container: Container): ContainerUsage;
}

export interface ImageEntry {
  /** Normalised repositories (see imageRepository). */
  repositories: readonly string[];
  behaviour: ImageBehaviour;
}

export const justRuns: ImageBehaviour = { description: 'runs', startupMs: 1000 };

export function envValue(container: Container, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}
