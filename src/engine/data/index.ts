export type { ActivationSource, OrderOptions } from './source';
export { DataError, type DataErrorCode } from './errors';
export { MemorySource, type MemorySourceOptions } from './memorySource';
export {
  DEFAULT_BUFFER_BYTES,
  DEFAULT_BUFFER_ROWS,
  DEFAULT_CHUNK_BYTES,
  FileSource,
  openFileSource,
  shuffleBufferRows,
  type FileSourceOptions,
  type FileSourceStats,
} from './fileSource';
export { openActivationSource, SOURCE_SPEC_SYNTAX, type OpenSourceOptions, type ToyFactory } from './parseSource';
export { measureStreaming, type MeasureStreamingOptions, type StreamingMeasurement } from './measure';
