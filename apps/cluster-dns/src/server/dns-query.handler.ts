/**
 * One DNS message in, one out (CoreDNS' server loop around its plugin chain): decode with
 * dns-packet, answer the single question from the kubernetes zone, encode, and count it the way
 * CoreDNS' metrics plugin does. The transports (udp.listener.ts, tcp.listener.ts) only move bytes.
 *
 * - A message that is not a query, or asks anything but one question, gets FORMERR; an opcode
 *   other than QUERY gets NOTIMP; before the informers' first list, SERVFAIL (CoreDNS' kubernetes
 *   plugin answers SERVFAIL while it is not yet synced).
 * - EDNS(0): a query with an OPT record gets one back, and may receive up to its advertised
 *   payload size over UDP; without, 512 bytes (RFC 1035). A larger UDP answer is sent truncated
 *   (TC set, no records) so the client asks again over TCP.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer, Packet } from 'dns-packet';
import type { Logger } from '@orchestra/observability';
import type { ClusterView } from '../records/cluster.view';
import { answerQuestion, type Rcode, type ZoneAnswer, type ZoneOptions } from '../records/kubernetes.zone';
import { typeLabel, type ClusterDnsMetrics } from '../cluster-dns.metrics';

export type Transport = 'udp' | 'tcp';

/** Who asked, and how: the metrics' `proto` and `family`, and the log line's `remote`. */
export interface QueryOrigin {
  proto: Transport;
  family: 'IPv4' | 'IPv6';
  remote: string;
}

const RCODES: Record<Rcode, number> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
};
const MAX_UDP_PLAIN = 512;
/** What this server advertises in its OPT record (the DNS flag day 2020 recommendation). */
const EDNS_UDP_PAYLOAD = 1232;
const MAX_MESSAGE = 65535;

export interface DnsQueryHandlerOptions {
  view: ClusterView;
  zone: ZoneOptions;
  metrics: ClusterDnsMetrics;
  logger: Logger;
  /** CoreDNS' `server` label: `dns://<address>:<port>`. */
  server: string;
  /** False until the informers have listed once: answers are SERVFAIL until then. */
  synced: () => boolean;
  now?: () => bigint;
}

export class DnsQueryHandler {
  private readonly now: () => bigint;

  constructor(private readonly options: DnsQueryHandlerOptions) {
    this.now = options.now ?? process.hrtime.bigint;
  }

  /** The response to `message`, or undefined when it cannot be answered at all (no header). */
  handle(message: Buffer, origin: QueryOrigin): Buffer | undefined {
    const started = { at: this.now(), wall: Date.now() };
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      if (message.length < 12) return undefined;
      // The header is readable: its id lets the client match the FORMERR to its query.
      return this.finish(started, origin, undefined, {
        id: message.readUInt16BE(0),
        ...refusal('FORMERR'),
      });
    }
    const question = query.questions?.[0];
    const opcode = (query as { opcode?: string }).opcode;
    let answer: ZoneAnswer;
    if (query.type !== 'query' || query.questions?.length !== 1 || !question) answer = refusal('FORMERR');
    else if (opcode !== 'QUERY') answer = refusal('NOTIMP');
    else if (!this.options.synced())
      answer = { ...refusal('SERVFAIL'), zone: this.zoneOf(question.name), plugin: 'kubernetes' };
    else answer = answerQuestion(question, this.options.view, this.options.zone);
    return this.finish(started, origin, query, { id: query.id, ...answer });
  }

  private finish(
    started: { at: bigint; wall: number },
    origin: QueryOrigin,
    query: DecodedPacket | undefined,
    answer: ZoneAnswer & { id?: number },
  ): Buffer {
    const { metrics, server } = this.options;
    const question = query?.questions?.[0];
    const type = typeLabel(question?.type);
    const { zone } = answer;
    metrics.requests.inc({
      server,
      zone,
      proto: origin.proto,
      family: origin.family === 'IPv6' ? '2' : '1',
      type,
    });
    const response = this.encode(query, answer, origin.proto);
    metrics.responses.inc({ server, zone, rcode: answer.rcode, plugin: answer.plugin });
    const seconds = Number(this.now() - started.at) / 1e9;
    metrics.requestDuration.observe({ server, zone, type }, seconds);
    metrics.responseSize.observe({ server, zone, proto: origin.proto }, response.length);
    this.trace(started.wall, origin, question?.name ?? '', type, answer);
    this.options.logger.debug('dns query', {
      remote: origin.remote,
      proto: origin.proto,
      name: question?.name,
      type,
      rcode: answer.rcode,
      answers: answer.answers.length,
      durationMs: seconds * 1000,
    });
    return response;
  }

  private encode(
    query: DecodedPacket | undefined,
    answer: ZoneAnswer & { id?: number },
    proto: Transport,
  ): Buffer {
    const requestOpt = query?.additionals?.find((a): a is OptAnswer => a.type === 'OPT');
    const opt: OptAnswer[] = requestOpt
      ? [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: EDNS_UDP_PAYLOAD,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ]
      : [];
    const flags =
      (answer.authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
      ((query?.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
      RCODES[answer.rcode];
    const packet: Packet = {
      type: 'response',
      id: answer.id ?? 0,
      flags,
      questions: query?.questions?.slice(0, 1) ?? [],
      answers: answer.answers,
      authorities: answer.authorities,
      additionals: [...answer.additionals, ...opt] as Answer[],
    };
    const full = dnsPacket.encode(packet);
    const limit =
      proto === 'tcp'
        ? MAX_MESSAGE
        : requestOpt
          ? Math.max(MAX_UDP_PLAIN, requestOpt.udpPayloadSize)
          : MAX_UDP_PLAIN;
    if (full.length <= limit) return full;
    return dnsPacket.encode({
      ...packet,
      flags: flags | dnsPacket.TRUNCATED_RESPONSE,
      answers: [],
      authorities: [],
      additionals: opt as Answer[],
    });
  }

  /** One span per query (CoreDNS' trace plugin), a trace of its own. */
  private trace(
    startTime: number,
    origin: QueryOrigin,
    name: string,
    type: string,
    answer: ZoneAnswer,
  ): void {
    const span = trace.getTracer('orchestra').startSpan('dns query', {
      kind: SpanKind.SERVER,
      startTime,
      attributes: {
        'dns.question.name': name,
        'dns.question.type': type,
        'dns.response.rcode': answer.rcode,
        'dns.response.answers': answer.answers.length,
        'network.transport': origin.proto,
        'client.address': origin.remote,
      },
    });
    if (answer.rcode === 'SERVFAIL') span.setStatus({ code: SpanStatusCode.ERROR, message: 'SERVFAIL' });
    span.end();
  }

  private zoneOf(name: string): string {
    const canonical = name.toLowerCase().replace(/\.+$/, '');
    const { domain } = this.options.zone;
    return canonical === domain || canonical.endsWith(`.${domain}`) ? `${domain}.` : '.';
  }
}

function refusal(rcode: Rcode): ZoneAnswer {
  return {
    rcode,
    authoritative: false,
    answers: [],
    authorities: [],
    additionals: [],
    zone: '.',
    plugin: '',
  };
}
