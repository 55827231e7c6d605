/**
 * One informer per (resource, selectors) per process (client-go's SharedInformerFactory): every
 * controller of the process shares its caches and watches instead of opening its own.
 */
import { KubeObject, ResourceDefinition } from '@orchestra/api';
import { ApiClient } from './api-client';
import { Informer, InformerOptions } from './informer';
import { ApiObject } from './lister';

export interface InformerSelectors {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export type SharedInformerFactoryOptions = Omit<InformerOptions, keyof InformerSelectors | 'keep'>;

export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer<ApiObject>>();
  private started = false;

  constructor(
    private readonly client: ApiClient,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  /** The process's informer for these selectors; started at once if the factory already is. */
  informerFor<T extends ApiObject = KubeObject>(
    def: ResourceDefinition,
    selectors: InformerSelectors = {},
  ): Informer<T> {
    const key = [
      def.group,
      def.version,
      def.plural,
      selectors.namespace ?? '',
      selectors.labelSelector ?? '',
      selectors.fieldSelector ?? '',
    ].join('|');
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer<ApiObject>(this.client.resource(def), { ...this.options, ...selectors });
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Resolves when every informer created so far has synced. */
  async waitForSync(timeoutMs?: number): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync(timeoutMs)));
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }
}
