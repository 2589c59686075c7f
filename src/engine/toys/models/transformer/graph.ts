import { Graph, Tensor } from '../../../graph/graph';
import { transformerParamShapes, type TransformerConfig } from './config';
import { transformerForward } from './forward';

export interface TransformerGraphOptions {
  batch: number;
  seq: number;
  /** Weights baked in as constants (an exported model); without them each weight is a graph input of its name. */
  weights?: Record<string, Float32Array>;
  /** Outputs by name: 'logits' and hook names. Default: logits, then every hook in computation order. */
  outputs?: readonly string[];
}

export interface TransformerGraph {
  graph: Graph;
  /** The tensor standing for each weight (an input or a constant). */
  weights: Record<string, Tensor>;
}

/** An inference graph over int64 tokens [batch, seq] named `tokens`. */
export function transformerGraph(c: TransformerConfig, o: TransformerGraphOptions): TransformerGraph {
  if (o.seq > c.context) throw new RangeError(`sequence length ${o.seq} exceeds the context of ${c.context}`);
  const graph = new Graph('transformer');
  const tokens = graph.input('tokens', 'int64', [o.batch, o.seq]);
  const weights: Record<string, Tensor> = {};
  for (const [name, shape] of Object.entries(transformerParamShapes(c))) {
    const data = o.weights?.[name];
    if (o.weights && !data) throw new RangeError(`transformer weight '${name}' is missing`);
    weights[name] = data ? graph.constant(data, shape) : graph.input(name, 'float32', shape);
  }
  const { logits, hooks } = transformerForward(tokens, weights, c);
  const available = new Map([['logits', logits], ...hooks]);
  for (const name of o.outputs ?? [...available.keys()]) {
    const t = available.get(name);
    if (!t) throw new RangeError(`the transformer has no output '${name}'; outputs: ${[...available.keys()].join(', ')}`);
    graph.output(name, t);
  }
  return { graph, weights };
}
