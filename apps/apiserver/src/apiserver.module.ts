import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ResourceCatalog } from '@orchestra/api';
import { ObservabilityModule } from '@orchestra/observability';
import { admissionProviders } from './admission/admission-plugins';
import { ApiserverConfig } from './apiserver.config';
import { RequestAuthenticator } from './authentication/request-authenticator';
import { TokenRequestSubresource } from './authentication/token-request.subresource';
import { authorizationProviders } from './authorization/authorization.providers';
import { ChaosController } from './chaos/chaos.controller';
import { DiscoveryService } from './discovery/discovery.service';
import { EXTERNAL_API_GROUPS } from './discovery/discovery.types';
import { GatekeeperMiddleware } from './gatekeeper/gatekeeper.middleware';
import { requestLimitsProviders } from './gatekeeper/request-limits';
import { OpenApiController } from './discovery/openapi.controller';
import { VersionController } from './discovery/version.controller';
import { changeDispatcherProvider } from './dispatch/change-dispatcher.service';
import { ApiController } from './http/api.controller';
import { ResourceHandler } from './http/resource.handler';
import { HorizontalPodAutoscalerV1Handler } from './autoscaling/hpa-v1.handler';
import { ApiserverMetrics } from './metrics/apiserver.metrics';
import { KubeletSummaryClient } from './metrics-api/kubelet-summary.client';
import { MetricsApiController } from './metrics-api/metrics-api.controller';
import { metricsApiGroup } from './metrics-api/metrics-api.discovery';
import { MetricsApiService } from './metrics-api/metrics-api.service';
import { BindingSubresource } from './registry/binding.subresource';
import { EventTtlService } from './registry/event-ttl.service';
import { NamespaceLifecycleService } from './registry/namespace-lifecycle.service';
import { NamespaceGuard } from './registry/namespace.guard';
import { ResourceRegistry } from './registry/resource.registry';
import { OBJECT_HOOKS } from './registry/object-hooks';
import { ScaleSubresource } from './registry/scale.subresource';
import { ServiceAllocationHooks } from './registry/service-allocation.hooks';
import { SystemNamespaces } from './registry/system-namespaces';
import { StorageModule } from './storage/storage.module';
import { UiController } from './ui/ui.controller';
import { WatchHandler } from './watch/watch.handler';

/** Configuration and the resource catalog, shared by every module of the apiserver. */
@Global()
@Module({})
class ApiserverCoreModule {
  static forRoot(config: ApiserverConfig): DynamicModule {
    return {
      module: ApiserverCoreModule,
      providers: [
        { provide: ApiserverConfig, useValue: config },
        { provide: ResourceCatalog, useValue: new ResourceCatalog() },
      ],
      exports: [ApiserverConfig, ResourceCatalog],
    };
  }
}

@Module({})
export class ApiserverModule implements NestModule {
  /** Every route, health and metrics included, passes the gatekeeper first. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GatekeeperMiddleware).forRoutes('*');
  }

  static forRoot(config: ApiserverConfig): DynamicModule {
    return {
      module: ApiserverModule,
      imports: [
        ApiserverCoreModule.forRoot(config),
        ObservabilityModule.forRoot({ component: 'kube-apiserver' }),
        StorageModule,
      ],
      // VersionController, OpenApiController and MetricsApiController come before ApiController's catch-all routes.
      controllers: [
        VersionController,
        OpenApiController,
        MetricsApiController,
        ChaosController,
        UiController,
        ApiController,
      ],
      providers: [
        ApiserverMetrics,
        RequestAuthenticator,
        TokenRequestSubresource,
        GatekeeperMiddleware,
        ...requestLimitsProviders,
        ...authorizationProviders,
        DiscoveryService,
        ResourceHandler,
        HorizontalPodAutoscalerV1Handler,
        ResourceRegistry,
        NamespaceGuard,
        NamespaceLifecycleService,
        ScaleSubresource,
        BindingSubresource,
        SystemNamespaces,
        WatchHandler,
        ServiceAllocationHooks,
        ...admissionProviders,
        EventTtlService,
        { provide: KubeletSummaryClient, useValue: new KubeletSummaryClient() },
        MetricsApiService,
        { provide: EXTERNAL_API_GROUPS, useValue: [metricsApiGroup] },
        {
          provide: OBJECT_HOOKS,
          inject: [ServiceAllocationHooks],
          useFactory: (services: ServiceAllocationHooks) => ({ Service: services }),
        },
        ...(config.dispatcherEnabled ? [changeDispatcherProvider] : []),
      ],
    };
  }
}
