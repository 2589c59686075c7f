import assert from 'node:assert/strict';
import { tokenize } from '../../../src/extension/codeLens/pythonTokens';
import { findSaeReferences, type SaeReference } from '../../../src/extension/codeLens/saeReferences';

/** The references without their offsets, for comparing. */
const found = (source: string) => findSaeReferences(source).map(({ start: _s, end: _e, ...rest }) => rest);
const strings = (source: string) => tokenize(source).flatMap((t) => (t.kind === 'string' ? [t.value] : []));

describe('CodeLens: Python string literals', () => {
  it('reads both quote kinds, triple quotes, and escapes', () => {
    assert.deepEqual(strings(`a = "x'y" + 'x"y' + """multi\nline""" + '''t'''`), [`x'y`, 'x"y', 'multi\nline', 't']);
    assert.deepEqual(strings(String.raw`"a\\b" 'it\'s' "tab\tend" "\x41\u00e9\N{DASH}" "\q"`), ['a\\b', "it's", 'tab\tend', 'Aé\\N{DASH}', '\\q']);
  });

  it('keeps raw strings as written, in any prefix case', () => {
    assert.deepEqual(strings(String.raw`r"C:\saes\new" R'\n' Rb"x" u"plain"`), [String.raw`C:\saes\new`, String.raw`\n`, null, 'plain']);
  });

  it('gives no value to f-strings, bytes and unterminated strings', () => {
    assert.deepEqual(strings(`f"{root}/sae" rf'x' b"bytes" "open\nnext = 1`), [null, null, null, null]);
  });

  it('ignores comments and keeps names inside strings out of the token stream', () => {
    const names = tokenize(`# SAE.load_from_disk("x")\ns = "SAE.load_from_disk" # "y"`).flatMap((t) => (t.kind === 'name' ? [t.text] : []));
    assert.deepEqual(names, ['s']);
  });

  it('ends logical lines only outside brackets and after no continuation', () => {
    const newlines = (source: string) => tokenize(source).filter((t) => t.kind === 'newline').length;
    assert.equal(newlines('f(\n1,\n2)\nx = 1\n'), 2);
    assert.equal(newlines('x = 1 + \\\n  2\n'), 1);
  });
});

describe('CodeLens: finding SAE references in Python', () => {
  it('SAE.from_pretrained with positional, keyword and mixed arguments', () => {
    assert.deepEqual(found('sae = SAE.from_pretrained("gpt2-small-res-jb", "blocks.8.hook_resid_pre")'), [
      { kind: 'pretrained', release: 'gpt2-small-res-jb', saeId: 'blocks.8.hook_resid_pre' },
    ]);
    assert.deepEqual(found(`sae, cfg, sparsity = SAE.from_pretrained(release='gemma-scope-2b-pt-res', sae_id='layer_12/width_16k/average_l0_41', device="cpu")`), [
      { kind: 'pretrained', release: 'gemma-scope-2b-pt-res', saeId: 'layer_12/width_16k/average_l0_41' },
    ]);
    assert.deepEqual(found('SAE.from_pretrained("r", sae_id="id")'), [{ kind: 'pretrained', release: 'r', saeId: 'id' }]);
    assert.deepEqual(found('SAE.from_pretrained(sae_id="id", release="r")'), [{ kind: 'pretrained', release: 'r', saeId: 'id' }]);
    assert.deepEqual(found('JumpReLUSAE.from_pretrained_with_cfg_and_sparsity("r", "id")'), [{ kind: 'pretrained', release: 'r', saeId: 'id' }]);
  });

  it('calls spread over several lines, with comments and trailing commas', () => {
    const source = [
      'sae = sae_lens.SAE.from_pretrained(  # the residual-stream SAE',
      '    release="gpt2-small-res-jb",',
      "    # sae_id='commented out',",
      "    sae_id='blocks.' 'ten'  # implicit concatenation",
      '    ,',
      ')',
    ].join('\n');
    const [reference] = findSaeReferences(source);
    assert.deepEqual({ ...reference, start: 0, end: 0 }, { kind: 'pretrained', release: 'gpt2-small-res-jb', saeId: 'blocks.ten', start: 0, end: 0 });
    assert.equal(source.slice(reference.start, reference.end), source.slice(source.indexOf('SAE.'), source.length));
  });

  it('load_from_disk and load_from_pretrained with paths, raw strings and the path keyword', () => {
    assert.deepEqual(found(`SAE.load_from_disk("saes/batchtopk-k11")\nSAE.load_from_pretrained(path=r"C:\\runs\\sae")\nStandardSAE.load_from_disk('~/sae', device="cuda")`), [
      { kind: 'path', path: 'saes/batchtopk-k11', source: 'call' },
      { kind: 'path', path: 'C:\\runs\\sae', source: 'call' },
      { kind: 'path', path: '~/sae', source: 'call' },
    ]);
  });

  it('arguments named by a variable assigned a literal earlier', () => {
    const source = 'RELEASE = "gpt2-small-res-jb"\nsae_id = f"blocks.{layer}.hook_resid_pre"\nfolder = "runs/sae"\nSAE.from_pretrained(RELEASE, sae_id)\nSAE.load_from_disk(folder)';
    assert.deepEqual(found(source), [
      { kind: 'pretrained', release: 'gpt2-small-res-jb', saeId: null },
      { kind: 'path', path: 'runs/sae', source: 'call' },
    ]);
  });

  it('skips calls whose argument is not a literal: f-strings, expressions, unknown names', () => {
    assert.deepEqual(found('SAE.load_from_disk(f"{root}/sae")\nSAE.load_from_disk(root / "sae")\nSAE.from_pretrained(release, sae_id)\nSAE.load_from_disk(os.path.join("a", "b"))'), []);
  });

  it('skips calls in comments and docstrings, and other methods and classes', () => {
    const source = '# SAE.load_from_disk("a/b")\n"""Call SAE.load_from_disk("c/d") to load."""\nSAE.save_model("e/f")\nModel.from_pretrained("gpt2")\nSAE.load_from_disk';
    assert.deepEqual(found(source), [{ kind: 'path', path: 'e/f', source: 'folder' }]);
  });

  it('string literals naming weights files, and literals that look like folders', () => {
    const source = 'w = load_file("out/sae_weights.safetensors")\nparams = np.load(\'gemma/params.npz\')\nroot = "runs/20260101-topk-256"\nname = "hello world"\nurl = "https://x/y.safetensors"\nother = "x.npz"';
    assert.deepEqual(found(source), [
      { kind: 'path', path: 'out/sae_weights.safetensors', source: 'weights' },
      { kind: 'path', path: 'gemma/params.npz', source: 'weights' },
      { kind: 'path', path: 'runs/20260101-topk-256', source: 'folder' },
    ]);
  });

  it('a literal passed to a loading call is found once, as the call', () => {
    const references = findSaeReferences('SAE.load_from_disk("a/sae.safetensors")');
    assert.equal(references.length, 1);
    assert.equal(references[0].kind === 'path' && references[0].source, 'call');
  });

  it('offsets cover the call, so the lens sits on its first line', () => {
    const source = 'import x\n\nsae = SAE.load_from_disk(\n  "a/b",\n)\n';
    const [reference] = findSaeReferences(source) as SaeReference[];
    assert.equal(source.slice(0, reference.start).split('\n').length, 3);
    assert.equal(source.slice(reference.start, reference.end), 'SAE.load_from_disk(\n  "a/b",\n)');
  });

  it('survives unclosed calls, magics and shell lines', () => {
    assert.deepEqual(found('%matplotlib inline\n!pip install sae-lens\nSAE.load_from_disk("a/b"'), [{ kind: 'path', path: 'a/b', source: 'folder' }], 'no call, only the literal');
    assert.deepEqual(found("!echo don't\nSAE.load_from_disk('x/y')"), [{ kind: 'path', path: 'x/y', source: 'call' }]);
  });
});
