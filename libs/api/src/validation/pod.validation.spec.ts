import { FieldError, formatFieldError } from '../errors';
import { validatePod, validatePodUpdate } from './pod.validation';

const container = (extra: Record<string, unknown> = {}) => ({ name: 'app', image: 'nginx:1.25', ...extra });
const podWith = (spec: Record<string, unknown>) => ({ spec: { containers: [container()], ...spec } });
const fields = (errs: FieldError[]) => errs.map((e) => e.field);
const text = (errs: FieldError[]) => errs.map(formatFieldError);

describe(validatePod.name, () => {
  it('accepts a minimal pod', () => {
    expect(validatePod(podWith({}))).toEqual([]);
  });

  it('requires containers, names and images', () => {
    expect(text(validatePod({ spec: {} }))).toEqual(['spec.containers: Required value']);
    expect(text(validatePod({}))).toEqual(['spec.containers: Required value']);
    expect(text(validatePod({ spec: { containers: [{}] } }))).toEqual([
      'spec.containers[0].name: Required value',
      'spec.containers[0].image: Required value',
    ]);
  });

  it('wants unique DNS-1123 label container names across init and regular containers', () => {
    const errs = validatePod({
      spec: { initContainers: [container()], containers: [container(), container({ name: 'Bad_Name' })] },
    });
    expect(text(errs)).toEqual([
      'spec.containers[0].name: Duplicate value: "app"',
      expect.stringMatching(
        /^spec\.containers\[1\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/,
      ),
    ]);
  });

  it('checks ports: range, IANA names, duplicates and host port clashes', () => {
    const ports = [
      { containerPort: 0 },
      { containerPort: 70000, name: 'http' },
      { containerPort: 80, name: 'http', hostPort: 8080 },
      { containerPort: 81, protocol: 'ICMP' },
    ];
    const errs = validatePod({
      spec: {
        containers: [
          container({ ports }),
          container({ name: 'b', ports: [{ containerPort: 1, hostPort: 8080 }] }),
        ],
      },
    });
    expect(fields(errs)).toEqual([
      'spec.containers[0].ports[0].containerPort',
      'spec.containers[0].ports[1].containerPort',
      'spec.containers[0].ports[2].name',
      'spec.containers[0].ports[3].protocol',
      'spec.containers[1].ports[0].hostPort',
    ]);
    expect(formatFieldError(errs[1])).toContain('must be between 1 and 65535, inclusive');
  });

  it('checks env var names and sources', () => {
    const env = [
      { name: '1BAD', value: 'x' },
      { name: 'OK', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'BOTH', valueFrom: { fieldRef: { fieldPath: 'a' }, configMapKeyRef: { name: 'c', key: 'k' } } },
    ];
    expect(text(validatePod(podWith({ containers: [container({ env })] })))).toEqual([
      expect.stringMatching(
        /^spec\.containers\[0\]\.env\[0\]\.name: Invalid value: "1BAD": a valid environment variable name/,
      ),
      'spec.containers[0].env[1].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not have more than one field specified at a time',
    ]);
  });

  it('checks probes: one handler, non-negative numbers, successThreshold 1 for liveness', () => {
    const probe = {
      exec: { command: ['true'] },
      httpGet: { port: 80 },
      periodSeconds: -1,
      successThreshold: 2,
    };
    const errs = validatePod(
      podWith({ containers: [container({ livenessProbe: probe, readinessProbe: {} })] }),
    );
    expect(text(errs)).toEqual([
      'spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
  });

  it('checks extended resources are whole and equal in request and limit', () => {
    const resources = {
      requests: { 'example.com/gpu': '1', cpu: '1' },
      limits: { 'example.com/gpu': '2', gpu: '1' },
    };
    expect(text(validatePod(podWith({ containers: [container({ resources })] })))).toEqual([
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ]);
  });

  it('checks restartPolicy, grace period, nodeSelector and nodeName', () => {
    const errs = validatePod(
      podWith({
        restartPolicy: 'Sometimes',
        terminationGracePeriodSeconds: -1,
        nodeSelector: { 'a b': 'c' },
        nodeName: 'N1',
      }),
    );
    expect(fields(errs)).toEqual([
      'spec.restartPolicy',
      'spec.terminationGracePeriodSeconds',
      'spec.nodeSelector',
      'spec.nodeName',
    ]);
    expect(formatFieldError(errs[0])).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it('never throws on malformed shapes', () => {
    expect(text(validatePod({ spec: { containers: 'nginx' } }))).toEqual([
      'spec.containers: Invalid value: "nginx": must be a list',
    ]);
    expect(
      fields(validatePod({ spec: { containers: [5, { name: 'a', image: 'i', ports: 'x', env: [null] }] } })),
    ).toEqual(['spec.containers[0]', 'spec.containers[1].ports']);
  });
});

describe(validatePodUpdate.name, () => {
  const old = {
    spec: { containers: [container()], tolerations: [{ key: 'a', operator: 'Exists' }], nodeName: 'n1' },
  };

  it('allows image changes and added tolerations', () => {
    const next = {
      spec: {
        ...old.spec,
        containers: [container({ image: 'nginx:1.26' })],
        tolerations: [...old.spec.tolerations, { operator: 'Exists' }],
      },
    };
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('forbids other spec changes with Kubernetes message', () => {
    const errs = validatePodUpdate({ spec: { ...old.spec, nodeName: 'n2' } }, old);
    expect(errs).toHaveLength(1);
    expect(formatFieldError(errs[0])).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
    );
  });

  it('forbids removing a toleration', () => {
    expect(fields(validatePodUpdate({ spec: { ...old.spec, tolerations: [] } }, old))).toEqual([
      'spec.tolerations',
    ]);
  });
});
