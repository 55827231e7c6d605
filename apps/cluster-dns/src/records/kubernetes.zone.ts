/**
 * Name → answer, as the CoreDNS kubernetes plugin gives it, per Kubernetes' DNS-Based Service
 * Discovery specification (kubernetes/dns docs/specification.md, schema 1.1.0). Pure: it reads
 * the cluster through a ClusterView and returns the records; the server encodes them.
 *
 *   <svc>.<ns>.svc.<domain>              A: the clusterIP; headless: each ready endpoint's IP;
 *                                        ExternalName: a CNAME to spec.externalName
 *   <host>.<svc>.<ns>.svc.<domain>       A: the ready endpoint with that hostname (a StatefulSet
 *                                        pod's spec.hostname) or that dashed IP
 *   _<port>._<proto>.<svc>.<ns>.svc.<domain>  SRV per named port (headless: per ready endpoint)
 *   <a-b-c-d>.<ns>.pod.<domain>          A, by CLUSTER_DNS_PODS (disabled, insecure, verified)
 *   <d>.<c>.<b>.<a>.in-addr.arpa         PTR of a clusterIP or a ready endpoint IP
 *   dns-version.<domain>                 TXT "1.1.0"
 *
 * A name in the zone with no record is NXDOMAIN; an existing name without records of the asked
 * type is NOERROR with no answer (NODATA); both carry the zone's SOA in the authority section,
 * so resolvers cache the negative answer for the TTL. Names outside the zones are REFUSED:
 * this playground never forwards (CoreDNS would, to the node's resolv.conf), so its DNS traffic
 * stays on the cluster's own names.
 */
import type { Answer, Question, SrvAnswer } from 'dns-packet';
import { isIPv4, isIPv6 } from 'node:net';
import type { EndpointAddress, Endpoints, Service } from '@orchestra/api';
import type { PodMode } from '../cluster-dns.config';
import { clusterIPsOf, isHeadless, type ClusterView } from './cluster.view';
import {
  canonicalName,
  dashedIP,
  ipFromDashed,
  ipFromReverseLabels,
  labelsInZone,
  REVERSE_ZONE,
} from './dns-names';

/** The DNS schema version this server implements (`dns-version.<domain>` TXT). */
export const DNS_SCHEMA_VERSION = '1.1.0';

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export interface ZoneOptions {
  /** The cluster domain, canonical (`cluster.local`). */
  domain: string;
  ttl: number;
  pods: PodMode;
}

export interface ZoneAnswer {
  rcode: Rcode;
  /** Authoritative for the name (a name in one of the zones served). */
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
  /** The zone that answered (`cluster.local.`), `.` for names outside them: the metrics' `zone`. */
  zone: string;
  /** The CoreDNS plugin that would have written this answer (metrics' `plugin`), `''` for none. */
  plugin: string;
}

/** SOA timers CoreDNS uses for the kubernetes zones (refresh, retry, expire); minimum is the TTL. */
const SOA_REFRESH = 7200;
const SOA_RETRY = 1800;
const SOA_EXPIRE = 86400;

export function answerQuestion(question: Question, view: ClusterView, options: ZoneOptions): ZoneAnswer {
  const name = canonicalName(question.name);
  const inCluster = labelsInZone(name, options.domain);
  if (inCluster) return new ZoneLookup(question, view, options, options.domain).cluster(inCluster);
  const inReverse = labelsInZone(name, REVERSE_ZONE);
  if (inReverse) return new ZoneLookup(question, view, options, REVERSE_ZONE).reverse(inReverse);
  return { ...empty('REFUSED', '.'), authoritative: false, plugin: '' };
}

function empty(rcode: Rcode, zone: string): ZoneAnswer {
  return {
    rcode,
    authoritative: true,
    answers: [],
    authorities: [],
    additionals: [],
    zone,
    plugin: 'kubernetes',
  };
}

/** One question against one zone: records are named as asked (the question's own spelling). */
class ZoneLookup {
  /** The asked type; dns-packet also decodes `ANY` and `UNKNOWN_<n>`, beyond its typings. */
  private readonly type: string;

  constructor(
    private readonly question: Question,
    private readonly view: ClusterView,
    private readonly options: ZoneOptions,
    private readonly zone: string,
  ) {
    this.type = question.type;
  }

  /** `labels`: the name's labels before the cluster domain. */
  cluster(labels: string[]): ZoneAnswer {
    if (labels.length === 0) return this.apex();
    const [kind, ...rest] = [...labels].reverse();
    if (labels.length === 1 && kind === 'dns-version')
      return this.records([
        { type: 'TXT', name: this.question.name, ttl: this.options.ttl, data: DNS_SCHEMA_VERSION },
      ]);
    if (kind === 'svc') return this.services(rest.reverse());
    if (kind === 'pod') return this.pods(rest.reverse());
    return this.nxdomain();
  }

  /** `labels`: those before `in-addr.arpa`. */
  reverse(labels: string[]): ZoneAnswer {
    if (labels.length === 0) return this.apex();
    const ip = ipFromReverseLabels(labels);
    if (!ip) return labels.length < 4 ? this.nodata() : this.nxdomain();
    const { domain } = this.options;
    const targets = new Set<string>();
    for (const service of this.view.servicesWithClusterIP(ip))
      targets.add(`${service.metadata.name}.${service.metadata.namespace}.svc.${domain}`);
    for (const { endpoints, address } of this.view.endpointAddressesWithIP(ip))
      targets.add(
        `${endpointHostname(address)}.${endpoints.metadata.name}.${endpoints.metadata.namespace}.svc.${domain}`,
      );
    if (targets.size === 0) return this.nxdomain();
    return this.records([...targets].map((target) => this.record('PTR', target)));
  }

  private apex(): ZoneAnswer {
    if (this.type === 'SOA') return this.records([this.soa()]);
    if (this.type === 'NS') return this.records([this.record('NS', `ns.dns.${this.zone}`)]);
    return this.nodata();
  }

  /** The labels before `svc`: `[]`, `[ns]`, `[svc, ns]`, `[host, svc, ns]`, `[_port, _proto, svc, ns]`. */
  private services(labels: string[]): ZoneAnswer {
    if (labels.length === 0) return this.nodata();
    const namespace = labels[labels.length - 1];
    if (labels.length === 1) return this.view.namespaceExists(namespace) ? this.nodata() : this.nxdomain();
    const service = this.view.service(namespace, labels[labels.length - 2]);
    if (!service) return this.nxdomain();
    if (labels.length === 2) return this.service(service);
    if (labels.length === 3) return this.endpointHost(service, labels[0]);
    if (labels.length === 4 && labels[0].startsWith('_') && labels[1].startsWith('_'))
      return this.srv(service, labels[0].slice(1), labels[1].slice(1));
    return this.nxdomain();
  }

  private service(service: Service): ZoneAnswer {
    if (service.spec?.type === 'ExternalName') {
      const target = service.spec.externalName;
      if (!target) return this.nxdomain();
      // A CNAME answers every type (RFC 1034 §3.6.2); the client follows it with its own resolver.
      return this.records([this.record('CNAME', canonicalName(target))]);
    }
    const ips = isHeadless(service) ? this.readyIPs(service) : clusterIPsOf(service);
    if (ips.length === 0) return this.nxdomain();
    if (this.type === 'SRV') return this.srv(service, undefined, undefined);
    return this.addresses(ips);
  }

  /** `<host>.<svc>.<ns>.svc`: the ready endpoints named `host` (hostname, else dashed IP). */
  private endpointHost(service: Service, host: string): ZoneAnswer {
    const ips = this.readyAddresses(service)
      .filter((address) => endpointHostname(address) === host)
      .map((address) => address.ip);
    if (ips.length === 0) return this.nxdomain();
    return this.addresses(unique(ips));
  }

  /**
   * `_<port>._<proto>.<svc>.<ns>.svc` SRV (or, with no port and protocol, every named port of the
   * Service, as CoreDNS answers an SRV question for the Service's own name). The target is the
   * Service's name for a clusterIP Service, each endpoint's name for a headless one; the targets'
   * A records ride along in the additional section.
   */
  private srv(service: Service, portName: string | undefined, protocol: string | undefined): ZoneAnswer {
    const { domain } = this.options;
    const base = `${service.metadata.name}.${service.metadata.namespace}.svc.${domain}`;
    const wanted = (name: string | undefined, proto: string | undefined) =>
      !!name &&
      (portName === undefined || name === portName) &&
      (protocol === undefined || (proto ?? 'TCP').toLowerCase() === protocol);
    const found: { port: number; target: string; ip: string }[] = [];
    if (isHeadless(service)) {
      for (const subset of this.endpointsOf(service)?.subsets ?? []) {
        const ports = (subset.ports ?? []).filter((p) => wanted(p.name, p.protocol));
        for (const address of subset.addresses ?? [])
          for (const port of ports)
            found.push({ port: port.port, target: `${endpointHostname(address)}.${base}`, ip: address.ip });
      }
    } else {
      const [ip] = clusterIPsOf(service);
      for (const port of service.spec?.ports ?? [])
        if (ip && wanted(port.name, port.protocol)) found.push({ port: port.port, target: base, ip });
    }
    if (found.length === 0) return portName === undefined ? this.nodata() : this.nxdomain();
    if (this.type !== 'SRV') return this.nodata();
    // Equal priority; the weights share 100 (RFC 2782), as CoreDNS spreads them.
    const weight = Math.max(1, Math.floor(100 / found.length));
    const answers: SrvAnswer[] = found.map(({ port, target }) => ({
      type: 'SRV',
      name: this.question.name,
      ttl: this.options.ttl,
      data: { priority: 0, weight, port, target },
    }));
    const extra = new Map(found.map(({ target, ip }) => [`${target} ${ip}`, { target, ip }]));
    const additionals: Answer[] = [...extra.values()].map(({ target, ip }) => ({
      type: isIPv6(ip) ? 'AAAA' : 'A',
      name: target,
      ttl: this.options.ttl,
      data: ip,
    }));
    return { ...this.records(answers), additionals };
  }

  /** The labels before `pod`: `[ns]` or `[a-b-c-d, ns]`. */
  private pods(labels: string[]): ZoneAnswer {
    if (labels.length === 0) return this.nodata();
    const namespace = labels[labels.length - 1];
    if (labels.length === 1) return this.view.namespaceExists(namespace) ? this.nodata() : this.nxdomain();
    if (labels.length !== 2 || this.options.pods === 'disabled') return this.nxdomain();
    const ip = ipFromDashed(labels[0]);
    if (!ip) return this.nxdomain();
    if (this.options.pods === 'verified' && !this.view.podHasIP(namespace, ip)) return this.nxdomain();
    return this.addresses([ip]);
  }

  /** A (or AAAA) records of the asked family; an existing name asked for another type has no data. */
  private addresses(ips: string[]): ZoneAnswer {
    const family = this.type === 'A' ? isIPv4 : this.type === 'AAAA' ? isIPv6 : undefined;
    if (!family && this.type !== 'ANY') return this.nodata();
    return this.records(
      ips.filter((ip) => !family || family(ip)).map((ip) => this.record(isIPv6(ip) ? 'AAAA' : 'A', ip)),
    );
  }

  private readyAddresses(service: Service): EndpointAddress[] {
    return (this.endpointsOf(service)?.subsets ?? []).flatMap((subset) => subset.addresses ?? []);
  }

  private readyIPs(service: Service): string[] {
    return unique(this.readyAddresses(service).map((address) => address.ip));
  }

  private endpointsOf(service: Service): Endpoints | undefined {
    return this.view.endpoints(service.metadata.namespace ?? '', service.metadata.name ?? '');
  }

  private record(type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR', data: string): Answer {
    return { type, name: this.question.name, ttl: this.options.ttl, data };
  }

  /** A positive answer; with none of the asked type, a NODATA one. */
  private records(answers: Answer[]): ZoneAnswer {
    if (answers.length === 0) return this.nodata();
    return { ...empty('NOERROR', `${this.zone}.`), answers };
  }

  private nodata(): ZoneAnswer {
    return { ...empty('NOERROR', `${this.zone}.`), authorities: [this.soa()] };
  }

  private nxdomain(): ZoneAnswer {
    return { ...empty('NXDOMAIN', `${this.zone}.`), authorities: [this.soa()] };
  }

  private soa(): Answer {
    return {
      type: 'SOA',
      name: this.zone,
      ttl: this.options.ttl,
      data: {
        mname: `ns.dns.${this.zone}`,
        rname: `hostmaster.${this.zone}`,
        serial: this.view.serial(),
        refresh: SOA_REFRESH,
        retry: SOA_RETRY,
        expire: SOA_EXPIRE,
        minimum: this.options.ttl,
      },
    };
  }
}

/** An endpoint's DNS name: its hostname, or its IP dashed (as CoreDNS names the others). */
export function endpointHostname(address: EndpointAddress): string {
  return address.hostname || dashedIP(address.ip);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
