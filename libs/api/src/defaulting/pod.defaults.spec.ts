import { defaultPod, imageTag } from './pod.defaults';

describe(imageTag.name, () => {
  it.each([
    ['nginx', 'latest'],
    ['nginx:1.25', '1.25'],
    ['registry:5000/team/app', 'latest'],
    ['registry:5000/team/app:v2', 'v2'],
    ['nginx@sha256:abc', ''],
    ['nginx:1.25@sha256:abc', '1.25'],
  ])('%s has tag %j', (image, tag) => expect(imageTag(image)).toBe(tag));
});

describe(defaultPod.name, () => {
  it('fills the pod spec defaults', () => {
    const pod = { spec: { containers: [{ name: 'a', image: 'nginx:1.25' }] } };
    defaultPod(pod);
    expect(pod.spec).toEqual({
      containers: [
        {
          name: 'a',
          image: 'nginx:1.25',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    });
  });

  it('keeps what was set, including a zero grace period', () => {
    const pod = {
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        containers: [{ image: 'nginx', imagePullPolicy: 'Never' }],
      },
    };
    defaultPod(pod);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      containers: [{ imagePullPolicy: 'Never' }],
    });
  });

  it('defaults ports, probes, field refs and requests from limits', () => {
    const container = {
      image: 'app:latest',
      ports: [{ containerPort: 80 }],
      env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      readinessProbe: { httpGet: { port: 80 }, periodSeconds: 0 },
      resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
    };
    defaultPod({ spec: { initContainers: [{ image: 'busybox:1' }], containers: [container] } });
    expect(container).toMatchObject({
      imagePullPolicy: 'Always',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ valueFrom: { fieldRef: { apiVersion: 'v1' } } }],
      readinessProbe: {
        httpGet: { port: 80, path: '/', scheme: 'HTTP' },
        timeoutSeconds: 1,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      },
      resources: { requests: { cpu: '500m', memory: '1Gi' } },
    });
  });

  it('skips malformed shapes', () => {
    const pod = { spec: { containers: 'nginx' } };
    expect(() => defaultPod(pod)).not.toThrow();
    expect(pod.spec.containers).toBe('nginx');
    expect(() => defaultPod({ spec: [1] })).not.toThrow();
  });
});

describe('quantities in pod defaults', () => {
  it('stores valid quantities canonically and leaves invalid ones for validation', () => {
    const pod = {
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            resources: { requests: { cpu: '1.5', memory: '1.5Gi' }, limits: { cpu: '1.5.5' } },
          },
        ],
      },
    };
    defaultPod(pod);
    expect(pod.spec.containers[0].resources).toEqual({
      requests: { cpu: '1500m', memory: '1536Mi' },
      limits: { cpu: '1.5.5' },
    });
  });
});
