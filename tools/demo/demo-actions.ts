/**
 * What `npm run demo` does per chaos action (the query of `POST /chaos/v1/<action>`), and what to
 * look at in Grafana meanwhile. Actions the apiserver offers that are not listed here are skipped.
 */
export interface DemoContext {
  /** A node that runs one of the demo's web pods (for the node actions). */
  nodeOfAWebPod: string;
}

export interface DemoAction {
  action: string;
  /** Query parameters besides the namespace, for the demo's `web` Deployment and Service. */
  query: (context: DemoContext) => Record<string, string>;
  watch: string;
}

export const demoActions: DemoAction[] = [
  {
    action: 'pod-kill',
    query: () => ({ labelSelector: 'app=web', mode: 'one', gracePeriodSeconds: '0' }),
    watch:
      'Self-healing: desired vs available replicas dips and comes back; pods by phase shows the replacement',
  },
  {
    action: 'container-kill',
    query: () => ({ labelSelector: 'app=web', mode: 'one', containerNames: 'web' }),
    watch: 'Cluster overview: container restarts go up by one; the pod stays, its container restarts',
  },
  {
    action: 'pod-failure',
    query: () => ({ labelSelector: 'app=web', mode: 'one', duration: '10s' }),
    watch: 'Self-healing: one replica unavailable for 10 s, the Service keeps answering from the others',
  },
  {
    action: 'cpu-stress',
    query: () => ({ labelSelector: 'app=web', mode: 'one', cpu: '500m', duration: '10s' }),
    watch: "Workloads & services: one pod's CPU jumps by half a core for 10 s, then drops back",
  },
  {
    action: 'memory-stress',
    query: () => ({ labelSelector: 'app=web', mode: 'one', memory: '64Mi', duration: '10s' }),
    watch:
      "Workloads & services: one pod's memory grows by 64 MiB for 10 s (past a limit it would be OOMKilled)",
  },
  {
    action: 'http-fault',
    query: () => ({ service: 'web', delay: '100ms', errorPercent: '20', duration: '10s' }),
    watch: 'Workloads & services: error ratio near 20 % and p99 latency above 100 ms while it lasts',
  },
  {
    action: 'store-latency',
    query: () => ({ delay: '100ms', duration: '10s' }),
    watch: 'Control plane: store and API latency up by 100 ms for 10 s; the Service itself is not slowed',
  },
  {
    action: 'queue-stall',
    query: () => ({ component: 'controller-manager', queues: 'replicaset', duration: '10s' }),
    watch: 'Control plane: the replicaset queue stops being worked for 10 s, then drains',
  },
  {
    action: 'node-drain',
    query: ({ nodeOfAWebPod }) => ({ nodes: nodeOfAWebPod, duration: '10s' }),
    watch: 'Cluster overview: the node cordoned, its pods moved to the others; uncordoned after 10 s',
  },
  {
    action: 'node-down',
    query: ({ nodeOfAWebPod }) => ({ nodes: nodeOfAWebPod, duration: '15s' }),
    watch:
      'Self-healing: the node goes NotReady (Unknown) after the grace period, its pods are evicted and start elsewhere',
  },
  {
    action: 'node-partition',
    query: ({ nodeOfAWebPod }) => ({ nodes: nodeOfAWebPod, duration: '10s' }),
    watch:
      'Self-healing: the node loses the apiserver for 10 s; its pods keep serving, and it resumes cleanly',
  },
  {
    action: 'component-kill',
    query: () => ({ component: 'scheduler' }),
    watch:
      'Control plane: the scheduler is SIGKILLed, the launcher (or compose) restarts it and it takes its Lease back at once',
  },
  {
    action: 'component-pause',
    query: () => ({ component: 'controller-manager', duration: '5s' }),
    watch:
      'Control plane: reconciles stop for 5 s (a stuck leader, SIGSTOP), then catch up; the Service keeps answering',
  },
];
