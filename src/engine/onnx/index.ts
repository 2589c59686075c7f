/** Hooking user ONNX models: list intermediate tensors, expose one as an output, collect its activations. */
export { closeMatches } from './closeMatches';
export { collectActivations, type CollectActivationsOptions, type CollectActivationsResult } from './collect';
export { checkHooks, HookNotFoundError, withHookOutputs } from './expose';
export { listIntermediates, type IntermediateTensor } from './intermediates';
export { readModelInputs, type InputArray } from './modelInputs';
export { loadVocabulary, tokenizeLines, type TokenizedText, type Vocabulary } from './tokenizer';
