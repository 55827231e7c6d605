/** A container config for tests: one container of pod default/web-1 on node-1. */
import type { ContainerConfig, ContainerRuntime } from './container-runtime';
import type { FakeClock } from './fake-clock';

export function containerConfig(overrides: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    podUid: 'uid-1',
    podNamespace: 'default',
    podName: 'web-1',
    podIP: '10.244.1.7',
    nodeName: 'node-1',
    name: 'main',
    image: 'orchestra/web',
    env: {},
    ports: [],
    resources: {},
    ...overrides,
  };
}

/** Pulls the image (moving the fake clock past the pull), creates and starts the container. */
export async function runContainer(
  runtime: ContainerRuntime,
  clock: FakeClock,
  overrides: Partial<ContainerConfig> = {},
): Promise<string> {
  const config = containerConfig(overrides);
  const pulled = runtime.pullImage(config.image);
  await clock.advance(1000);
  await pulled;
  const id = await runtime.createContainer(config);
  await runtime.startContainer(id);
  return id;
}
