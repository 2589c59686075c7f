export * from './elementwise';
export * from './reduce';
export * from './shape';
export * from './linalg';
export * from './indexing';
export * from './nn';
export * from './custom';
export { broadcastShapes, unbroadcast } from './broadcast';
export type { Operand } from './operand';
