/** The subset of OpenAPI 3.0 that the per-group-version documents use. */

export type OpenApiSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: OpenApiSchema;
}

export interface OpenApiMediaType {
  schema: OpenApiSchema;
}

export interface OpenApiOperation {
  tags: string[];
  description: string;
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, OpenApiMediaType>; required: boolean };
  responses: Record<string, { description: string; content?: Record<string, OpenApiMediaType> }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': { group: string; version: string; kind: string };
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

export type OpenApiPathItem = Partial<Record<HttpMethod, OpenApiOperation>> & {
  parameters?: OpenApiParameter[];
};

export interface OpenApiDocument {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, OpenApiPathItem>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** `GET /openapi/v3`: where each group/version document lives (k8s.io/kube-openapi handler3). */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}
