import type { OnnxModel } from '../io/onnxModel';
import { declaredType, type DeclaredType } from './valueInfo';

/** A value computed inside a model's main graph: something a hook can expose. */
export interface IntermediateTensor extends DeclaredType {
  name: string;
  /** The producing node's op type (prefixed with its domain outside the default one) and name. */
  op: string;
  node: string;
  /** Already one of the graph's outputs. */
  isOutput: boolean;
}

/**
 * Every node output of the main graph, in node order, with the dtype and shape the model declares for it
 * (value_info or graph outputs; exporters often declare none, and then both are null). Values inside
 * subgraphs (Loop, If bodies) are not listed: ONNX cannot expose them as outputs of the main graph.
 */
export function listIntermediates(model: OnnxModel): IntermediateTensor[] {
  const graph = model.graph;
  const declared = new Map([...(graph?.valueInfo ?? []), ...(graph?.output ?? [])].map((v) => [v.name ?? '', v]));
  const outputs = new Set((graph?.output ?? []).map((v) => v.name));
  const list: IntermediateTensor[] = [];
  for (const node of graph?.node ?? []) {
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : String(node.opType);
    for (const name of node.output ?? []) {
      // An empty name marks an optional output the node does not produce.
      if (name) list.push({ name, op, node: node.name ?? '', isOutput: outputs.has(name), ...declaredType(declared.get(name)) });
    }
  }
  return list;
}
