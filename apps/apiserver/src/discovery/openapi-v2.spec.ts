import { OPENAPI_V2_PROTOBUF_CONTENT_TYPE, openApiV2 } from './openapi-v2';

describe('openApiV2', () => {
  it('answers kubectl 1.27/1.28 an empty protobuf document with a media type Go can parse', () => {
    const res = openApiV2('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(res.body).toHaveLength(0);
    expect(res.contentType).toBe(OPENAPI_V2_PROTOBUF_CONTENT_TYPE);
    expect(res.contentType).not.toContain('@');
  });

  it('answers JSON clients an empty swagger 2.0 document', () => {
    const res = openApiV2('application/json, */*');
    expect(res.contentType).toBe('application/json');
    expect(JSON.parse(res.body.toString())).toMatchObject({ swagger: '2.0', paths: {}, definitions: {} });
  });
});
