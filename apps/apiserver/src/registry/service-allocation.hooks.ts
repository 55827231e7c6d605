/**
 * Cluster IPs and node ports for Services, as Kubernetes' allocators: a ClusterIP or NodePort
 * Service gets a free IP from the service range (10.96.0.0/12 by default) unless it asks for one
 * or is headless (`None`), and each NodePort port a free port in 30000-32767. Allocations live in
 * Redis sets, so two apiservers never hand out the same one.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, invalid, KubeObject, path, Service } from '@orchestra/api';
import { RedisStore } from '@orchestra/store';
import Redis from 'ioredis';
import { randomInt } from 'node:crypto';
import { REDIS } from '../storage/storage.module';
import { ObjectHooks } from './object-hooks';

const serviceRange = { base: ipToNumber('10.96.0.0'), bits: 12, text: '10.96.0.0/12' };
const nodePortRange = { min: 30000, max: 32767 };
const maxAttempts = 64;

@Injectable()
export class ServiceAllocationHooks implements ObjectHooks {
  private readonly ipsKey: string;
  private readonly portsKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(RedisStore) store: RedisStore,
  ) {
    this.ipsKey = `${store.keys.prefix}/allocators/service-ips`;
    this.portsKey = `${store.keys.prefix}/allocators/node-ports`;
  }

  async reserve(object: KubeObject): Promise<void> {
    const service = object as unknown as Service;
    const spec = service.spec;
    const name = service.metadata.name ?? '';
    const taken: { ip?: string; ports: string[] } = { ports: [] };
    try {
      if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
        spec.clusterIP = spec.clusterIP ? await this.claimIp(spec.clusterIP, name) : await this.freeIp();
        taken.ip = spec.clusterIP;
        spec.clusterIPs = [spec.clusterIP];
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
        for (const [i, port] of (spec.ports ?? []).entries()) {
          port.nodePort = port.nodePort
            ? await this.claimPort(port.nodePort, i, name)
            : await this.freePort();
          taken.ports.push(String(port.nodePort));
        }
      }
    } catch (error) {
      await this.giveBack(taken.ip, taken.ports);
      throw error;
    }
  }

  async release(object: KubeObject): Promise<void> {
    const spec = (object as unknown as Service).spec ?? {};
    const ip = spec.clusterIP && spec.clusterIP !== 'None' ? spec.clusterIP : undefined;
    const ports = (spec.ports ?? []).filter((p) => p.nodePort).map((p) => String(p.nodePort));
    await this.giveBack(ip, ports);
  }

  carryOver(next: KubeObject, current: KubeObject): void {
    const spec = (next as unknown as Service).spec;
    const before = (current as unknown as Service).spec;
    if (!spec || !before) return;
    // kubectl apply and PUTs built from manifests leave out what the server assigned.
    if (!spec.clusterIP && before.clusterIP) {
      spec.clusterIP = before.clusterIP;
      spec.clusterIPs = before.clusterIPs;
    }
    for (const port of spec.ports ?? []) {
      const same = (before.ports ?? []).find(
        (p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
      );
      if (!port.nodePort && same?.nodePort && spec.type !== 'ClusterIP') port.nodePort = same.nodePort;
    }
  }

  private async freeIp(): Promise<string> {
    const size = 2 ** (32 - serviceRange.bits);
    for (let i = 0; i < maxAttempts; i++) {
      // Offsets 0 and 1 stay free: the network address and the `kubernetes` Service's IP.
      const ip = numberToIp(serviceRange.base + randomInt(2, size - 1));
      if ((await this.redis.sadd(this.ipsKey, ip)) === 1) return ip;
    }
    throw ApiError.internal(`failed to allocate a service IP: range ${serviceRange.text} is full`);
  }

  private async claimIp(ip: string, name: string): Promise<string> {
    const field = path('spec').child('clusterIP');
    if (!inServiceRange(ip)) {
      throw ApiError.invalid('Service', '', name, [
        invalid(
          field,
          ip,
          `provided IP is not in the valid range. The range of valid IPs is ${serviceRange.text}`,
        ),
      ]);
    }
    if ((await this.redis.sadd(this.ipsKey, ip)) === 0) {
      throw ApiError.invalid('Service', '', name, [invalid(field, ip, 'provided IP is already allocated')]);
    }
    return ip;
  }

  private async freePort(): Promise<number> {
    for (let i = 0; i < maxAttempts; i++) {
      const port = randomInt(nodePortRange.min, nodePortRange.max + 1);
      if ((await this.redis.sadd(this.portsKey, String(port))) === 1) return port;
    }
    throw ApiError.internal('failed to allocate a node port: range 30000-32767 is full');
  }

  private async claimPort(port: number, index: number, name: string): Promise<number> {
    const field = path('spec').child('ports').index(index).child('nodePort');
    if (port < nodePortRange.min || port > nodePortRange.max) {
      throw ApiError.invalid('Service', '', name, [
        invalid(
          field,
          port,
          `provided port is not in the valid range. The range of valid ports is 30000-32767`,
        ),
      ]);
    }
    if ((await this.redis.sadd(this.portsKey, String(port))) === 0) {
      throw ApiError.invalid('Service', '', name, [
        invalid(field, port, 'provided port is already allocated'),
      ]);
    }
    return port;
  }

  private async giveBack(ip: string | undefined, ports: string[]): Promise<void> {
    if (ip) await this.redis.srem(this.ipsKey, ip);
    if (ports.length) await this.redis.srem(this.portsKey, ...ports);
  }
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function inServiceRange(ip: string): boolean {
  if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(ip) || ip.split('.').some((p) => Number(p) > 255))
    return false;
  const offset = ipToNumber(ip) - serviceRange.base;
  return offset > 0 && offset < 2 ** (32 - serviceRange.bits) - 1;
}
