/**
 * The simulated cloud's own API, served beside /metrics (a cloud console for people, and the
 * "hypervisor" feed of the kubelet's node-pool mode):
 *   GET    /cloud/v1/instances        the machines, each with the node name its kubelet boots
 *   DELETE /cloud/v1/instances/:id    terminates one (what a user, or chaos, does to a VM)
 *   GET    /cloud/v1/load-balancers   the load balancers and their addresses
 *   GET    /cloud/v1/node-groups      the node group, its bounds and its shape
 * No authentication: like a cloud's instance metadata service it is reached on loopback (or the
 * compose network) only.
 */
import { Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param } from '@nestjs/common';
import { CloudControllerManagerService } from '../cloud-controller-manager.service';
import type { CloudInstance, CloudLoadBalancer, NodeGroup } from './cloud-provider';

@Controller('cloud/v1')
export class CloudApiController {
  constructor(
    @Inject(CloudControllerManagerService) private readonly service: CloudControllerManagerService,
  ) {}

  @Get('instances')
  async instances(): Promise<{ items: CloudInstance[] }> {
    const items = await this.service.manager.cloud.instances.list();
    return {
      items: items.sort((a, b) => a.nodeName.localeCompare(b.nodeName, undefined, { numeric: true })),
    };
  }

  @Delete('instances/:id')
  @HttpCode(200)
  async terminate(@Param('id') id: string): Promise<{ terminated: CloudInstance }> {
    const terminated = await this.service.manager.cloud.instances.terminate(id);
    if (!terminated) throw new NotFoundException(`instance "${id}" not found`);
    return { terminated };
  }

  @Get('load-balancers')
  async loadBalancers(): Promise<{ items: CloudLoadBalancer[] }> {
    return { items: await this.service.manager.cloud.loadBalancers.list() };
  }

  @Get('node-groups')
  nodeGroups(): { items: NodeGroup[] } {
    return { items: this.service.manager.cloud.nodeGroups.groups() };
  }
}
