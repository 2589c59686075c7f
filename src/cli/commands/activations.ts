import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import { summaryLines } from '../summaryText';

export const activationsCommand: CliCommand<'model', 'json' | 'list', 'hook' | 'input' | 'out' | 'batch' | 'tokenizer' | 'tokens-out'> = {
  name: 'activations',
  summary: 'Record one intermediate tensor of an ONNX model on inputs from a file, as a [rows, d] .npy (or --list the tensors)',
  args: {
    positionals: ['model'],
    flags: {
      json: 'print the result (or the list) as JSON',
      list: 'list the intermediate tensors that can be hooked (name, op, dtype and shape where the model declares them)',
    },
    options: {
      hook: 'the tensor to record: a node output name, e.g. blocks.0.hook_resid_post',
      input: 'model inputs: .npy (one-input models), .npz (one array per input name), or text with --tokenizer',
      out: 'the .npy to write: the activation with its leading axes flattened, [rows, d]',
      batch: 'input rows per run (default: the model\'s fixed batch, else 64)',
      tokenizer: 'a JSON vocabulary (list of tokens, or token → id); the input is then text, one sequence per line, split on whitespace',
      'tokens-out': 'also write the input token ids, one per activation row, as an int32 .npy (for Attach data… in the inspector)',
    },
  },
  async run({ positionals, flags, options }) {
    const { loadOnnxModel } = await import('../../engine/io/onnxModel');
    const { collectActivations, listIntermediates } = await import('../../engine/onnx/index');
    if (flags.list) {
      const tensors = listIntermediates(await loadOnnxModel(positionals.model)).map((t) => ({
        name: t.name,
        op: t.op,
        dtype: t.dtype ?? '?',
        shape: t.shape ?? '?',
      }));
      console.log(flags.json ? JSON.stringify(tensors, null, 2) : summaryLines({ intermediates: tensors }).join('\n'));
      return;
    }
    const { hook, input, out } = options;
    if (!hook || !input || !out) {
      const missing = (['hook', 'input', 'out'] as const).filter((name) => !options[name]);
      throw new UsageError(`activations needs ${missing.map((m) => `--${m}`).join(', ')} (or --list)`);
    }
    const result = await collectActivations({
      model: positionals.model,
      hook,
      input,
      out,
      batch: optionalNumber('batch', options.batch, 'positive-integer'),
      tokenizer: options.tokenizer,
      tokensOut: options['tokens-out'],
      log: progressLog(flags.json),
    });
    console.log(flags.json ? JSON.stringify(result, null, 2) : `wrote ${result.out}: ${result.rows} × ${result.d} ${result.dtype} (${result.hook})${result.tokensOut ? `, and its token ids to ${result.tokensOut}` : ''}`);
  },
};
