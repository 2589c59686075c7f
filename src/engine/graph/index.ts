export * from './graph';
export * from './errors';
export * from './ops';
export { grad } from './autodiff';
export { toModelProto, toOnnxBytes, OPSET } from './onnx';
