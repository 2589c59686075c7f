import assert from 'node:assert/strict';
import { formatToySource, parseToySource, TOY_PRESETS, toyPreset, ToyConfigError, type ToyPresetName } from '../../../src/engine/toys';

describe('toys/source', () => {
  it('parses a bare preset to its defaults and prints it back', () => {
    for (const name of Object.keys(TOY_PRESETS) as ToyPresetName[]) {
      const config = parseToySource(`toy:${name}`);
      assert.deepEqual(config, toyPreset(name));
      assert.equal(formatToySource(config), `toy:${name}`);
    }
  });

  it('parses every kind of value', () => {
    const config = parseToySource('toy:tree?d=64&children=0.02,0.15,0.5&exclusive=true&std=1e-1&directions=random&worldSeed=7');
    assert.deepEqual(config.params.children, [0.02, 0.15, 0.5]);
    assert.equal(config.params.exclusive, true);
    assert.equal(config.params.std, 0.1);
    assert.equal(config.params.directions, 'random');
    assert.equal(config.params.worldSeed, 7);
    assert.equal(parseToySource('toy:tree?exclusive=1').params.exclusive, true);
    assert.equal(parseToySource('  toy:small?c=-.4  ').params.c, -0.4);
  });

  it('round-trips: format(parse(s)) is canonical and parse(format(cfg)) = cfg', () => {
    const cases: [string, string][] = [
      ['toy:large?std=0.1&d=40', 'toy:large?d=40&std=0.1'],
      ['toy:small?c=-0.4&directions=optimized&orthoSteps=4', 'toy:small?c=-0.4&directions=optimized&orthoSteps=4'],
      ['toy:tree?children=0.02,0.15,0.5&exclusive=false', 'toy:tree?children=0.02,0.15,0.5'],
      ['toy:hedging-anticorrelated?pChildAlone=0.2&noise=0.01', 'toy:hedging-anticorrelated?noise=0.01'],
      ['toy:longon?features=32&high=2', 'toy:longon?features=32&high=2'],
      ['toy:zipf?exponent=1.1&pMax=1e-7', 'toy:zipf?pMax=1e-7&exponent=1.1'],
      ['toy:large?corrMin=0.1&correlation=none', 'toy:large?correlation=none&corrMin=0.1'],
    ];
    for (const [input, canonical] of cases) {
      const config = parseToySource(input);
      assert.equal(formatToySource(config), canonical);
      assert.deepEqual(parseToySource(formatToySource(config)), config);
    }
    const built = toyPreset('tree', { parents: 3, children: [0.1, 0.2], bias: 0.5 });
    assert.deepEqual(parseToySource(formatToySource(built)), built);
  });

  it('names the bad preset, key or value and lists what is valid', () => {
    const fails = (source: string, message: RegExp) =>
      assert.throws(() => parseToySource(source), (e: unknown) => e instanceof ToyConfigError && message.test(e.message), source);
    fails('large', /starts with "toy:"/);
    fails('toy:huge', /unknown toy preset "huge"; presets: large, small, hedging-independent, .*zipf/);
    fails('toy:large?dd=3', /toy:large: unknown key "dd"; valid keys: features, d, pMin, pSpan, mean, std, correlation, .*bias/);
    fails('toy:large?d=abc', /toy:large: bad value for "d": "abc" \(expected an integer ≥ 1\)/);
    fails('toy:large?d=4.5', /bad value for "d": "4.5"/);
    fails('toy:large?d=', /bad value for "d": ""/);
    fails('toy:large?std=-1', /bad value for "std": "-1" \(expected a number ≥ 0\)/);
    fails('toy:large?pMin=0x1', /bad value for "pMin": "0x1" \(expected a number in \[0, 1\]\)/);
    fails('toy:large?correlation=maybe', /bad value for "correlation": "maybe" \(expected one of random, none\)/);
    fails('toy:tree?exclusive=yes', /expected true or false/);
    fails('toy:tree?children=0.1,,0.2', /bad value for "children"/);
    fails('toy:tree?children=0.1,2', /comma-separated list of numbers, each in \[0, 1\]/);
    fails('toy:large?d=40&d=50', /key "d" given twice/);
    fails('toy:large?d', /expected key=value, got "d"/);
    fails('toy:large?constructor=1', /unknown key "constructor"/);
    fails('toy:toString', /unknown toy preset "toString"/);
    fails('toy:large?d=10&directions=orthogonal', /toy:large: directions=orthogonal needs at most d = 10 features, got 50/);
  });
});
