/**
 * The kubelet's Summary API (stats/v1alpha1, `GET /stats/summary`), the part Orchestra uses: what
 * each kubelet serves and what the apiserver's resource metrics API reads, as metrics-server does.
 */
export interface SummaryResourceStats {
  cpu: { time: string; usageNanoCores: number };
  memory: { time: string; workingSetBytes: number };
}

export interface Summary {
  node: { nodeName: string } & SummaryResourceStats;
  pods: {
    podRef: { name: string; namespace: string; uid: string };
    containers: ({ name: string } & SummaryResourceStats)[];
  }[];
}
