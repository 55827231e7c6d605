export * from './kubernetes-protobuf';
export { kubernetesProtobufMediaType } from './protobuf-envelope';
