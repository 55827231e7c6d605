import { Job, ReplicaSet } from '@orchestra/api';
import { jobPrinter } from './job.printer';
import { selectorString } from './label-format';
import { replicaSetPrinter } from './replicaset.printer';
import { workloadWideCells, workloadWideColumns } from './workload-columns';

const now = new Date('2026-01-10T12:00:00Z');
const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27' },
      { name: 'log', image: 'busybox' },
    ],
  },
};

describe('workload wide columns', () => {
  it('are CONTAINERS, IMAGES and SELECTOR, shown with -o wide only', () => {
    const columns = workloadWideColumns('A label query over pods.');
    expect(columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
    expect(columns[2].description).toBe('A label query over pods.');
  });

  it("print the template's containers and images, and the selector (<none> when empty)", () => {
    expect(workloadWideCells(template, { matchLabels: { app: 'web' } })).toEqual([
      'web,log',
      'nginx:1.27,busybox',
      'app=web',
    ]);
    expect(workloadWideCells(undefined, undefined)).toEqual(['', '', '<none>']);
    expect(workloadWideCells(undefined, {}, selectorString)).toEqual(['', '', '']);
  });

  it('end the rows of kubectl get jobs and replicasets', () => {
    const metadata = { name: 'web', creationTimestamp: '2026-01-10T11:55:00Z' };
    const selector = { matchLabels: { app: 'web' } };
    const job: Job = { metadata, spec: { selector, template } };
    const rs: ReplicaSet = { metadata, spec: { replicas: 2, selector, template } };
    const wide = ['web,log', 'nginx:1.27,busybox', 'app=web'];
    expect(jobPrinter.columns.slice(-3).map((c) => c.name)).toEqual(['Containers', 'Images', 'Selector']);
    expect(jobPrinter.print(job, now).cells.slice(-3)).toEqual(wide);
    expect(replicaSetPrinter.columns.slice(-3).map((c) => c.name)).toEqual([
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(replicaSetPrinter.print(rs, now).cells.slice(-3)).toEqual(wide);
  });
});
