import { parseProtoField } from './proto-field';

describe(parseProtoField.name, () => {
  it.each([
    [
      'name: string',
      { name: 'name', type: 'string', pointer: false, omitEmpty: true, repeated: false, map: false },
    ],
    ['replicas?: int32', { name: 'replicas', type: 'int32', pointer: true, omitEmpty: true }],
    ['containerPort!: int32', { name: 'containerPort', type: 'int32', pointer: false, omitEmpty: false }],
    ['ports: ContainerPort[]', { name: 'ports', type: 'ContainerPort', repeated: true, map: false }],
    ['requests: map<Quantity>', { name: 'requests', type: 'Quantity', repeated: false, map: true }],
    ['...: ProbeHandler', { name: '', type: 'ProbeHandler', inline: true }],
  ])('reads %j', (text, expected) => {
    expect(parseProtoField(text)).toMatchObject(expected);
  });

  it.each(['name string', 'name: ', 'name?!: string', 'map<string>: labels'])('rejects %j', (text) => {
    expect(() => parseProtoField(text)).toThrow(/bad protobuf field notation/);
  });
});
