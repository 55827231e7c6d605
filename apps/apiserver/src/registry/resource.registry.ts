/**
 * The generic REST logic every resource shares, as Kubernetes' generic registry Store: system
 * fields, defaulting, admission (mutating plugins, then validation, then validating plugins: see
 * admission/), optimistic concurrency, status subresource, graceful deletion.
 * HTTP concerns (paths, media types, tables, watch streams) live in the http/ and watch/ folders.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  apiVersionOf,
  DeleteOptions,
  FieldError,
  groupResourceOf,
  KubeObject,
  ResourceDefinition,
  strategyFor,
} from '@orchestra/api';
import { ListOptions, ListResult, RedisStore } from '@orchestra/store';
import { AdmissionChain } from '../admission/admission-chain';
import { AdmissionAttributes, AdmissionOperation } from '../admission/admission.types';
import { planDeletion, readyToRemove } from './deletion-plan';
import { generateName } from './generate-name';
import { OBJECT_HOOKS, ObjectHooksByKind } from './object-hooks';
import { RequestContext } from './request-context';
import { prepareForCreate, prepareForUpdate } from './system-fields';

/** Kinds whose PUT creates a missing object (Kubernetes' AllowCreateOnUpdate). */
const createOnUpdate = new Set(['Endpoints', 'Event', 'Lease']);
const generateNameAttempts = 8;

@Injectable()
export class ResourceRegistry {
  constructor(
    @Inject(RedisStore) private readonly store: RedisStore,
    @Inject(AdmissionChain) private readonly admission: AdmissionChain,
    @Inject(OBJECT_HOOKS) private readonly hooks: ObjectHooksByKind,
  ) {}

  async get(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<KubeObject> {
    const object = await this.store.get(def, namespace, name);
    if (!object) throw ApiError.notFound(groupResourceOf(def), name);
    return object;
  }

  /** The object as JSON text, for answers that need no conversion. */
  async getJson(def: ResourceDefinition, namespace: string | undefined, name: string): Promise<string> {
    const json = await this.store.getJson(def, namespace, name);
    if (json === undefined) throw ApiError.notFound(groupResourceOf(def), name);
    return json;
  }

  currentRevision(): Promise<number> {
    return this.store.currentRevision();
  }

  list(def: ResourceDefinition, options: ListOptions): Promise<ListResult> {
    return this.store.list(def, options);
  }

  async create(
    def: ResourceDefinition,
    namespace: string | undefined,
    body: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<KubeObject> {
    const object = this.decode(def, body, namespace);
    if (object.metadata.resourceVersion) {
      throw ApiError.badRequest('resourceVersion should not be set on objects to be created');
    }
    prepareForCreate(def, object, ctx.now);
    const strategy = strategyFor(def);
    strategy.applyDefaults(object);
    const attrs = this.attributes('CREATE', def, '', object, undefined, ctx);
    await this.admission.mutate(attrs);
    const base = object.metadata.generateName;
    for (let attempt = 0; ; attempt++) {
      if (!object.metadata.name && base) object.metadata.name = generateName(base);
      this.assertValid(def, object, strategy.validate(object, def));
      await this.admission.validate({ ...attrs, name: object.metadata.name ?? '' });
      if (ctx.dryRun) return object;
      const hooks = this.hooks[def.kind];
      await hooks?.reserve(object);
      try {
        return await this.store.create(def, object, ctx);
      } catch (error) {
        await hooks?.release(object);
        // A generated name that happens to be taken is retried with another, as Kubernetes does.
        const nameTaken = error instanceof ApiError && error.reason === 'AlreadyExists';
        if (!nameTaken || !base || attempt >= generateNameAttempts) throw error;
        object.metadata.name = undefined;
      }
    }
  }

  /** PUT of the object or of its status subresource. */
  async update(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: Record<string, unknown>,
    target: 'main' | 'status',
    ctx: RequestContext,
  ): Promise<{ object: KubeObject; created: boolean }> {
    const next = this.decode(def, body, namespace);
    if (next.metadata.name !== name) {
      throw ApiError.badRequest(
        `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    const exists = await this.store.get(def, namespace, name);
    if (!exists && createOnUpdate.has(def.kind) && target === 'main') {
      delete next.metadata.resourceVersion;
      return { object: await this.create(def, namespace, next, ctx), created: true };
    }
    const expectedRv = next.metadata.resourceVersion || undefined;
    const object = await this.write(def, namespace, name, () => next, target, ctx, expectedRv);
    return { object, created: false };
  }

  /** Read-modify-write with a caller-supplied change (PATCH, scale, binding). */
  async modify(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    change: (current: KubeObject) => KubeObject,
    target: 'main' | 'status',
    ctx: RequestContext,
  ): Promise<KubeObject> {
    return this.write(def, namespace, name, change, target, ctx, undefined);
  }

  /**
   * A write the server itself makes on behalf of a subresource (binding), which may set fields
   * that user updates cannot (a pod's spec.nodeName); no update validation, one atomic write.
   */
  async systemUpdate(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    change: (current: KubeObject) => KubeObject,
    ctx: RequestContext,
  ): Promise<KubeObject> {
    if (ctx.dryRun) return change(await this.get(def, namespace, name));
    const { object } = await this.store.guaranteedUpdate(def, namespace, name, change, {
      traceparent: ctx.traceparent,
    });
    return object;
  }

  async delete(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    ctx: RequestContext,
  ): Promise<{ object: KubeObject; deleted: boolean }> {
    for (;;) {
      const current = await this.get(def, namespace, name);
      const plan = planDeletion(def, current, options, ctx.now);
      if (plan.kind === 'unchanged') return { object: current, deleted: false };
      await this.admitDelete(def, current, ctx);
      if (ctx.dryRun)
        return { object: plan.kind === 'graceful' ? plan.object : current, deleted: plan.kind === 'now' };
      try {
        if (plan.kind === 'now') {
          const object = await this.store.delete(def, namespace, name, current.metadata.resourceVersion, ctx);
          await this.hooks[def.kind]?.release(object);
          return { object, deleted: true };
        }
        const object = await this.store.update(def, plan.object, current.metadata.resourceVersion, ctx);
        return { object, deleted: false };
      } catch (error) {
        // Someone wrote in between: decide again on the fresh object, as Kubernetes' delete retries.
        if (!(error instanceof ApiError && error.reason === 'Conflict') || options.preconditions) throw error;
      }
    }
  }

  private async write(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    change: (current: KubeObject) => KubeObject,
    target: 'main' | 'status',
    ctx: RequestContext,
    expectedRv: string | undefined,
  ): Promise<KubeObject> {
    const strategy = strategyFor(def);
    let removeAfterWrite = false;
    const update = async (current: KubeObject): Promise<KubeObject> => {
      const changed = this.decode(
        def,
        change(structuredClone(current)) as Record<string, unknown>,
        namespace,
      );
      // A uid in the body is a precondition, as in Kubernetes: it must name the object it updates.
      const uid = changed.metadata.uid;
      if (uid && uid !== current.metadata.uid) {
        throw ApiError.conflict(
          groupResourceOf(def),
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
        );
      }
      const next = prepareForUpdate(def, changed, current, target);
      if (target === 'main') {
        this.hooks[def.kind]?.carryOver(next, current);
        strategy.applyDefaults(next);
      }
      const subresource = target === 'main' ? '' : target;
      const attrs = this.attributes('UPDATE', def, subresource, next, current, ctx);
      await this.admission.mutate(attrs);
      const errors = [...strategy.validate(next, def), ...strategy.validateUpdate(next, current, def)];
      this.assertValid(def, next, errors);
      await this.admission.validate(attrs);
      removeAfterWrite = readyToRemove(def, next);
      return next;
    };
    if (ctx.dryRun) {
      const current = await this.get(def, namespace, name);
      if (expectedRv !== undefined && expectedRv !== current.metadata.resourceVersion) {
        throw ApiError.staleResourceVersion(groupResourceOf(def), name);
      }
      return await update(current);
    }
    const result = await this.store.guaranteedUpdate(def, namespace, name, update, {
      expectedRv,
      traceparent: ctx.traceparent,
    });
    if (removeAfterWrite) {
      // The last finalizer is gone from a deleting object: the update completes the deletion.
      const removed = await this.store
        .delete(def, namespace, name, result.object.metadata.resourceVersion, ctx)
        .catch((error: unknown) =>
          error instanceof ApiError && error.code === 404 ? undefined : Promise.reject(error),
        );
      if (removed) await this.hooks[def.kind]?.release(removed);
      return removed ?? result.object;
    }
    return result.object;
  }

  /** DELETE passes the chain too (NodeRestriction decides on it): the stored object is the old one. */
  private async admitDelete(
    def: ResourceDefinition,
    current: KubeObject,
    ctx: RequestContext,
  ): Promise<void> {
    const attrs = this.attributes('DELETE', def, '', undefined, current, ctx);
    await this.admission.mutate(attrs);
    await this.admission.validate(attrs);
  }

  private attributes(
    operation: AdmissionOperation,
    def: ResourceDefinition,
    subresource: string,
    object: KubeObject | undefined,
    oldObject: KubeObject | undefined,
    ctx: RequestContext,
  ): AdmissionAttributes {
    const meta = object?.metadata ?? oldObject?.metadata;
    return {
      operation,
      def,
      subresource,
      namespace: def.namespaced ? meta?.namespace : undefined,
      name: meta?.name ?? '',
      object,
      oldObject,
      user: ctx.user,
      dryRun: ctx.dryRun,
      ctx,
    };
  }

  /** Checks apiVersion/kind/namespace of a body against the request and returns it as an object. */
  private decode(
    def: ResourceDefinition,
    body: Record<string, unknown>,
    namespace: string | undefined,
  ): KubeObject {
    const expectedApiVersion = apiVersionOf(def);
    if (body.apiVersion !== undefined && body.apiVersion !== expectedApiVersion) {
      throw ApiError.badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expectedApiVersion})`,
      );
    }
    if (body.kind !== undefined && body.kind !== def.kind) {
      throw ApiError.badRequest(
        `the kind in the data (${String(body.kind)}) does not match the expected kind (${def.kind})`,
      );
    }
    const metadata = body.metadata ?? {};
    if (typeof metadata !== 'object' || Array.isArray(metadata) || metadata === null) {
      throw ApiError.invalid(def.kind, def.group, '', [
        { type: 'FieldValueInvalid', field: 'metadata', value: metadata, detail: 'must be an object' },
      ]);
    }
    const object = {
      ...body,
      apiVersion: expectedApiVersion,
      kind: def.kind,
      metadata: { ...metadata },
    } as KubeObject;
    if (def.namespaced) {
      const own = object.metadata.namespace;
      if (own && namespace && own !== namespace) {
        throw ApiError.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      object.metadata.namespace = namespace ?? own;
    } else {
      delete object.metadata.namespace;
    }
    return object;
  }

  private assertValid(def: ResourceDefinition, object: KubeObject, errors: FieldError[]): void {
    if (errors.length)
      throw ApiError.invalid(
        def.kind,
        def.group,
        object.metadata.name ?? object.metadata.generateName ?? '',
        errors,
      );
  }
}
