import pkg from 'onnx-proto';
import type { OnnxModel } from '../io/onnxModel';
import { closeMatches } from './closeMatches';
import { listIntermediates } from './intermediates';

const { onnx } = pkg;

/** A hook name that is no value of the model; the message lists close matches. */
export class HookNotFoundError extends Error {
  constructor(readonly hook: string, readonly suggestions: string[]) {
    const hint = suggestions.length > 0 ? `; close matches: ${suggestions.join(', ')}` : '; list the model\'s intermediates to see what it has';
    super(`the model has no intermediate tensor named '${hook}'${hint}`);
    this.name = 'HookNotFoundError';
  }
}

/** Checks that every hook is a node output of the main graph. */
export function checkHooks(model: OnnxModel, hooks: readonly string[]): void {
  const names = listIntermediates(model).map((t) => t.name);
  const known = new Set(names);
  for (const hook of hooks) if (!known.has(hook)) throw new HookNotFoundError(hook, closeMatches(hook, names));
}

/**
 * A copy of `model` whose graph also outputs each hook (ONNX lets any node output be a graph output). The new
 * outputs carry the declared type when value_info has one and only a name otherwise; ORT infers the rest.
 */
export function withHookOutputs(model: OnnxModel, hooks: readonly string[]): OnnxModel {
  checkHooks(model, hooks);
  const copy = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const graph = (copy.graph ??= {});
  const graphOutputs = (graph.output ??= []);
  const outputs = new Set(graphOutputs.map((v) => v.name));
  const declared = new Map((graph.valueInfo ?? []).map((v) => [v.name, v]));
  for (const hook of hooks) {
    if (outputs.has(hook)) continue;
    graphOutputs.push(declared.get(hook) ?? onnx.ValueInfoProto.create({ name: hook }));
    outputs.add(hook);
  }
  return copy;
}
