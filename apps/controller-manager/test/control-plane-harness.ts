/**
 * A whole control plane in one test process: the apiserver (with its dispatcher), the
 * controller-manager, the scheduler and the stand-in kubelet, on the test run's Redis under one
 * private key prefix.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiClient } from '@orchestra/client';
import { startTestApiserver, type TestApiserver } from '../../../tools/testing/apiserver-harness';
import { StandinKubelet } from '../../../tools/testing/standin-kubelet';
import { startTestScheduler, type TestScheduler } from '../../scheduler/test/scheduler-harness';
import { readControllerManagerConfig } from '../src/controller-manager.config';
import { ControllerManagerModule } from '../src/controller-manager.module';
import { ControllerManagerService } from '../src/controller-manager.service';

export { eventually } from '../../../tools/testing/eventually';

export interface TestControllerManager {
  app: INestApplication;
  url: string;
  service: ControllerManagerService;
  close(): Promise<void>;
}

export async function startTestControllerManager(
  api: TestApiserver,
  env: Record<string, string> = {},
): Promise<TestControllerManager> {
  const config = readControllerManagerConfig({
    APISERVER_URL: api.url,
    REDIS_URL: api.redis.url,
    ORCHESTRA_KEY_PREFIX: api.redis.prefix,
    CONTROLLER_MANAGER_PORT: '0',
    LEADER_ELECT: 'false',
    RESYNC_PERIOD_MS: '5000',
    // Authenticates as system:kube-controller-manager, as the launcher starts it.
    ...api.credentials.componentEnv('controller-manager'),
    ...env,
  });
  const app = await NestFactory.create(ControllerManagerModule.forRoot(config), { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, service: app.get(ControllerManagerService), close: () => app.close() };
}

export interface TestControlPlane {
  api: TestApiserver;
  client: ApiClient;
  controllerManager: TestControllerManager;
  scheduler: TestScheduler;
  kubelet: StandinKubelet;
  close(): Promise<void>;
}

export async function startTestControlPlane(label: string): Promise<TestControlPlane> {
  const api = await startTestApiserver(label);
  const client = new ApiClient({ baseUrl: api.url, userAgent: 'control-plane-e2e', token: api.token });
  const controllerManager = await startTestControllerManager(api);
  const scheduler = await startTestScheduler(api);
  const kubelet = new StandinKubelet(client);
  await kubelet.start();
  return {
    api,
    client,
    controllerManager,
    scheduler,
    kubelet,
    async close() {
      await kubelet.stop();
      await scheduler.close();
      await controllerManager.close();
      await api.close();
    },
  };
}
