/**
 * Where the simulated cloud keeps its machines and load balancers: in Redis, beside the cluster
 * but outside the registry (`<prefix>:cloud:*`, which only this cloud touches, as a real cloud's
 * database is not the cluster's etcd). A restarted cloud-controller-manager finds its instances
 * and addresses where it left them, so nothing is leaked or handed out twice.
 */
import type Redis from 'ioredis';
import type { CloudInstance, CloudLoadBalancer } from './cloud-provider';

export interface CloudState {
  instances(): Promise<CloudInstance[]>;
  putInstance(instance: CloudInstance): Promise<void>;
  /** Whether there was one to delete. */
  deleteInstance(id: string): Promise<boolean>;
  loadBalancers(): Promise<CloudLoadBalancer[]>;
  putLoadBalancer(lb: CloudLoadBalancer): Promise<void>;
  deleteLoadBalancer(name: string): Promise<void>;
}

export class RedisCloudState implements CloudState {
  private readonly instancesKey: string;
  private readonly loadBalancersKey: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    // The cluster's hash-tagged prefix: one Redis Cluster slot with the rest of its state.
    this.instancesKey = `${keyPrefix}:cloud:instances`;
    this.loadBalancersKey = `${keyPrefix}:cloud:load-balancers`;
  }

  async instances(): Promise<CloudInstance[]> {
    return Object.values(await this.redis.hgetall(this.instancesKey)).map(
      (v) => JSON.parse(v) as CloudInstance,
    );
  }

  async putInstance(instance: CloudInstance): Promise<void> {
    await this.redis.hset(this.instancesKey, instance.id, JSON.stringify(instance));
  }

  async deleteInstance(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.instancesKey, id)) > 0;
  }

  async loadBalancers(): Promise<CloudLoadBalancer[]> {
    return Object.values(await this.redis.hgetall(this.loadBalancersKey)).map(
      (v) => JSON.parse(v) as CloudLoadBalancer,
    );
  }

  async putLoadBalancer(lb: CloudLoadBalancer): Promise<void> {
    await this.redis.hset(this.loadBalancersKey, lb.name, JSON.stringify(lb));
  }

  async deleteLoadBalancer(name: string): Promise<void> {
    await this.redis.hdel(this.loadBalancersKey, name);
  }
}

/** The same in memory, for unit specs. */
export class InMemoryCloudState implements CloudState {
  private readonly instanceMap = new Map<string, CloudInstance>();
  private readonly lbMap = new Map<string, CloudLoadBalancer>();

  instances(): Promise<CloudInstance[]> {
    return Promise.resolve([...this.instanceMap.values()]);
  }

  putInstance(instance: CloudInstance): Promise<void> {
    this.instanceMap.set(instance.id, instance);
    return Promise.resolve();
  }

  deleteInstance(id: string): Promise<boolean> {
    return Promise.resolve(this.instanceMap.delete(id));
  }

  loadBalancers(): Promise<CloudLoadBalancer[]> {
    return Promise.resolve([...this.lbMap.values()]);
  }

  putLoadBalancer(lb: CloudLoadBalancer): Promise<void> {
    this.lbMap.set(lb.name, lb);
    return Promise.resolve();
  }

  deleteLoadBalancer(name: string): Promise<void> {
    this.lbMap.delete(name);
    return Promise.resolve();
  }
}
