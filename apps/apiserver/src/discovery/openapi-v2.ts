/**
 * `/openapi/v2`, served empty on purpose. Checked against the real clients:
 * - kubectl 1.27 and 1.28 fetch it as protobuf before every apply/create (to build the client-side
 *   validator) and abort with "the server could not find the requested resource" on 404.
 * - kubectl 1.29+ read it only lazily (client-side validation when /openapi/v3 lacks
 *   `fieldValidation`, strategic-merge fallback) and cope with a 404.
 * A zero-length body is the protobuf encoding of a Document with no fields: kubectl finds no
 * schemas there, leaves validation to the server (v3 advertises `fieldValidation`) and builds
 * strategic merge patches from its compiled-in types. JSON clients get the same empty document.
 */
import { parseAccept } from './accept-header';
import { versionInfo } from './version';

/** Go's mime parser rejects the `@` of Kubernetes' request header, so answer with the dotted form. */
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export interface OpenApiV2Response {
  contentType: string;
  body: Buffer;
}

export function openApiV2(acceptHeader: string | undefined): OpenApiV2Response {
  const wantsProtobuf = parseAccept(acceptHeader).some((r) => r.q > 0 && r.subtype.endsWith('+protobuf'));
  if (wantsProtobuf) return { contentType: OPENAPI_V2_PROTOBUF_CONTENT_TYPE, body: Buffer.alloc(0) };
  const document = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: versionInfo({ nodeVersion: '', platform: '' }).gitVersion },
    paths: {},
    definitions: {},
  };
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(document)) };
}
