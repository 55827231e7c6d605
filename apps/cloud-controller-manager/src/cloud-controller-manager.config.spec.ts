import { ConfigError } from '@orchestra/observability';
import { autoscalerTimings, readCloudControllerManagerConfig } from './cloud-controller-manager.config';

describe(readCloudControllerManagerConfig.name, () => {
  it("has Kubernetes' port and cluster-autoscaler's timings by default", () => {
    const config = readCloudControllerManagerConfig({});
    expect(config.CLOUD_CONTROLLER_MANAGER_PORT).toBe(10258);
    expect(config.LOAD_BALANCER_IP_RANGE).toBe('127.0.100.0/24');
    expect(autoscalerTimings(config)).toEqual({
      scanIntervalMs: 10_000,
      unneededMs: 600_000,
      delayAfterAddMs: 600_000,
    });
  });

  it('takes the playground profile, each AUTOSCALER_* variable winning over it', () => {
    const config = readCloudControllerManagerConfig({
      PROFILE: 'playground',
      AUTOSCALER_SCALE_DOWN_DELAY_AFTER_ADD_MS: '0',
    });
    expect(autoscalerTimings(config)).toEqual({
      scanIntervalMs: 2_000,
      unneededMs: 60_000,
      delayAfterAddMs: 0,
    });
  });

  it('names the bad variable', () => {
    expect(() => readCloudControllerManagerConfig({ LOAD_BALANCER_IP_RANGE: '127.0.100.0' })).toThrow(
      /LOAD_BALANCER_IP_RANGE/,
    );
    expect(() =>
      readCloudControllerManagerConfig({ NODE_POOL_MIN_SIZE: '4', NODE_POOL_MAX_SIZE: '3' }),
    ).toThrow(ConfigError);
    expect(() => readCloudControllerManagerConfig({ CLOUD_ZONES: ' , ' })).toThrow(/CLOUD_ZONES/);
  });
});
