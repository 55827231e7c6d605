import { resourceSamples, resourceUnit, sanitizeResourceName } from './resource-quantities';

describe('resource quantities', () => {
  it("gives each resource kube-state-metrics' unit, and skips the ones it skips", () => {
    const unit = (name: string, pods = true) => resourceUnit(name, { pods });
    expect(unit('cpu')).toBe('core');
    expect(
      ['memory', 'storage', 'ephemeral-storage', 'hugepages-2Mi', 'attachable-volumes-csi-x'].map((n) =>
        unit(n),
      ),
    ).toEqual(['byte', 'byte', 'byte', 'byte', 'byte']);
    expect(unit('pods')).toBe('integer');
    expect(unit('pods', false)).toBeUndefined(); // containers do not request pods
    expect(unit('nvidia.com/gpu')).toBe('integer');
    expect(unit('example.kubernetes.io/thing')).toBeUndefined();
    expect(unit('nonsense')).toBeUndefined();
  });

  it('makes resource names label-safe', () => {
    expect(sanitizeResourceName('ephemeral-storage')).toBe('ephemeral_storage');
    expect(sanitizeResourceName('nvidia.com/gpu')).toBe('nvidia_com_gpu');
  });

  it('counts CPU in cores, memory in bytes and pods as integers', () => {
    expect(
      resourceSamples(
        {
          cpu: '250m',
          memory: '64Mi',
          pods: '110',
          'ephemeral-storage': '1G',
          'nvidia.com/gpu': '2',
          bogus: '1',
        },
        { pods: true },
      ),
    ).toEqual([
      { resource: 'cpu', unit: 'core', value: 0.25 },
      { resource: 'memory', unit: 'byte', value: 67108864 },
      { resource: 'pods', unit: 'integer', value: 110 },
      { resource: 'ephemeral_storage', unit: 'byte', value: 1e9 },
      { resource: 'nvidia_com_gpu', unit: 'integer', value: 2 },
    ]);
    expect(resourceSamples({ cpu: '2', memory: '1.5Gi' }, { pods: false })).toEqual([
      { resource: 'cpu', unit: 'core', value: 2 },
      { resource: 'memory', unit: 'byte', value: 1610612736 },
    ]);
  });

  it('skips a quantity that does not parse instead of failing the scrape', () => {
    expect(resourceSamples({ cpu: 'lots', memory: '1Ki' }, { pods: false })).toEqual([
      { resource: 'memory', unit: 'byte', value: 1024 },
    ]);
    expect(resourceSamples(undefined, { pods: false })).toEqual([]);
  });
});
