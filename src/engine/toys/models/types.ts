/** A named tensor of a toy model, row-major. */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

/** One row of a model's training record: the step and whatever it measured then (loss, accuracy, …). */
export interface ModelRecord {
  step: number;
  [metric: string]: number;
}

export interface ToyModelTrainOptions {
  steps?: number;
  seed: number;
  /** Preset parameters overridden by the caller (numbers only; unknown keys are an error). */
  overrides?: Record<string, number>;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Save a checkpoint every N steps (the final step is always saved) into `outDir`. */
  checkpointEvery?: number;
  outDir?: string;
  /** Called with each record as soon as it is measured (step 0 first), for live charts. */
  onRecord?: (record: ModelRecord) => void;
  /** Called with each checkpoint file once it is written in full. */
  onCheckpoint?: (file: string, step: number) => void;
}

export interface ToyModelRun {
  /** The preset name, e.g. 'tms'. */
  preset: string;
  /** The resolved configuration (preset defaults plus overrides). */
  config: Record<string, number | string | boolean>;
  steps: number;
  cancelled: boolean;
  params: Record<string, NamedTensor>;
  records: ModelRecord[];
  /** Checkpoint files written, oldest first. */
  checkpoints: string[];
}

/** A trainable toy model behind `saescope toy <preset>`. */
export interface ToyModelPreset {
  name: string;
  summary: string;
  /** Default configuration; every key can be overridden by `overrides`. */
  defaults: Record<string, number | string | boolean>;
  train(options: ToyModelTrainOptions): Promise<ToyModelRun>;
  /** Models that have an ONNX form write it here (inference model, intermediate activations as named outputs). */
  exportOnnx?(run: Pick<ToyModelRun, 'config' | 'params'>, file: string, batch: number): Promise<void>;
}
