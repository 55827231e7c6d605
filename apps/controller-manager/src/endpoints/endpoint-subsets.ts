/**
 * Endpoints subsets in canonical form (Kubernetes pkg/api/v1/endpoints/util.go: RepackSubsets,
 * SortSubsets, LessEndpointAddress): addresses that offer the same set of ports share one subset,
 * and everything is sorted, so one state of the world always gives the same subsets, and an
 * unchanged computation compares equal to what is stored.
 */
import { EndpointAddress, EndpointPort, EndpointSubset } from '@orchestra/api';

interface ReadyAddress {
  address: EndpointAddress;
  ready: boolean;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By IP (as a string, as Kubernetes does), then by the target's uid. */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return compareStrings(a.ip, b.ip) || compareStrings(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

/** Two addresses are one when IP and target agree (the same IP on two pods is two addresses). */
const addressKey = (a: EndpointAddress): string => `${a.ip} ${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort): string =>
  `${p.name ?? ''} ${p.port} ${p.protocol ?? 'TCP'} ${p.appProtocol ?? ''}`;
const comparePorts = (a: EndpointPort, b: EndpointPort): number => compareStrings(portKey(a), portKey(b));

/**
 * Regroups subsets so that each distinct set of (address, ready) shares one subset with all the
 * ports it offers. An address ready for a port in one subset and not ready in another counts as
 * ready. A subset without ports keeps its addresses (under no port).
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const byPort = new Map<string, { port?: EndpointPort; addresses: Map<string, ReadyAddress> }>();
  const record = (port: EndpointPort | undefined, address: EndpointAddress, ready: boolean) => {
    const key = port ? portKey(port) : '';
    const entry = byPort.get(key) ?? { port, addresses: new Map<string, ReadyAddress>() };
    byPort.set(key, entry);
    const seen = entry.addresses.get(addressKey(address));
    entry.addresses.set(addressKey(address), {
      address: seen?.address ?? address,
      ready: ready || !!seen?.ready,
    });
  };
  for (const subset of subsets) {
    const ports: (EndpointPort | undefined)[] = subset.ports?.length ? subset.ports : [undefined];
    for (const port of ports) {
      for (const address of subset.addresses ?? []) record(port, address, true);
      for (const address of subset.notReadyAddresses ?? []) record(port, address, false);
    }
  }

  const bySet = new Map<string, { addresses: ReadyAddress[]; ports: EndpointPort[] }>();
  for (const { port, addresses } of byPort.values()) {
    const members = [...addresses.values()].sort((a, b) => compareAddresses(a.address, b.address));
    const setKey = members.map((m) => `${addressKey(m.address)} ${m.ready}`).join(',');
    const group = bySet.get(setKey) ?? { addresses: members, ports: [] };
    bySet.set(setKey, group);
    if (port) group.ports.push(port);
  }
  return [...bySet.values()]
    .map(({ addresses, ports }) => subsetOf(addresses, ports.sort(comparePorts)))
    .sort((a, b) => compareStrings(subsetSortKey(a), subsetSortKey(b)));
}

/** Empty lists are left out, as Kubernetes' JSON (omitempty) does. */
function subsetOf(members: ReadyAddress[], ports: EndpointPort[]): EndpointSubset {
  const ready = members.filter((m) => m.ready).map((m) => m.address);
  const notReady = members.filter((m) => !m.ready).map((m) => m.address);
  return {
    ...(ready.length ? { addresses: ready } : {}),
    ...(notReady.length ? { notReadyAddresses: notReady } : {}),
    ...(ports.length ? { ports } : {}),
  };
}

function subsetSortKey(subset: EndpointSubset): string {
  const addresses = [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])].map(addressKey);
  return `${(subset.ports ?? []).map(portKey).join(',')} | ${addresses.join(',')}`;
}

/**
 * Whether two lists of subsets say the same, ignoring the targets' resourceVersions (which change
 * with every pod status write) and the order of fields: Kubernetes'
 * endpointSubsetsEqualIgnoreResourceVersion.
 */
export function subsetsEqualIgnoringResourceVersion(
  a: readonly EndpointSubset[] | undefined,
  b: readonly EndpointSubset[] | undefined,
): boolean {
  return JSON.stringify(normalizeSubsets(a)) === JSON.stringify(normalizeSubsets(b));
}

function normalizeSubsets(subsets: readonly EndpointSubset[] | undefined) {
  const address = (a: EndpointAddress) => [
    a.ip,
    a.hostname ?? '',
    a.nodeName ?? '',
    a.targetRef
      ? [a.targetRef.kind, a.targetRef.namespace, a.targetRef.name, a.targetRef.uid].map((v) => v ?? '')
      : null,
  ];
  const port = (p: EndpointPort) => [p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? ''];
  return (subsets ?? []).map((s) => [
    (s.addresses ?? []).map(address),
    (s.notReadyAddresses ?? []).map(address),
    (s.ports ?? []).map(port),
  ]);
}
