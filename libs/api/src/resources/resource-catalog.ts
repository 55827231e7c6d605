/** Looks resource definitions up by path segments (group, version, plural) or by kind. */
import { builtinResources } from './builtin-resources';
import { createOnlyResources } from './create-only-resources';
import { apiVersionOf, ResourceDefinition } from './resource-definition';

export class ResourceCatalog {
  private readonly byPath = new Map<string, ResourceDefinition>();
  private readonly byKind = new Map<string, ResourceDefinition>();

  constructor(readonly all: readonly ResourceDefinition[] = [...builtinResources, ...createOnlyResources]) {
    for (const def of all) {
      this.byPath.set(`${def.group}/${def.version}/${def.plural}`, def);
      this.byKind.set(`${apiVersionOf(def)}/${def.kind}`, def);
    }
  }

  find(group: string, version: string, plural: string): ResourceDefinition | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** By `apiVersion` and `kind` as written in a manifest. */
  findByKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Group/versions served, core first, in a stable order. */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const def of this.all)
      seen.set(`${def.group}/${def.version}`, { group: def.group, version: def.version });
    return [...seen.values()];
  }

  inGroupVersion(group: string, version: string): ResourceDefinition[] {
    return this.all.filter((d) => d.group === group && d.version === version);
  }
}
