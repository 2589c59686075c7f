import assert from 'node:assert/strict';
import { parsePythonLiteral } from '../../../src/engine/io/pyLiteral';

describe('io/pyLiteral', () => {
  it('parses an .npy header dict', () => {
    const value = parsePythonLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
    assert.deepEqual(value, new Map<string, unknown>([['descr', '<f4'], ['fortran_order', false], ['shape', [3, 4]]]));
  });

  it('parses tuples as Python does', () => {
    assert.deepEqual(parsePythonLiteral('()'), []);
    assert.deepEqual(parsePythonLiteral('(5,)'), [5]);
    assert.equal(parsePythonLiteral('(5)'), 5);
    assert.deepEqual(parsePythonLiteral('( 1 , 2 , )'), [1, 2]);
    assert.deepEqual(parsePythonLiteral('(3L, 4L)'), [3, 4]);
  });

  it('parses lists, nested values, strings with escapes, and constants', () => {
    assert.deepEqual(parsePythonLiteral("[('a', '<f4'), (\"b\", '|u1')]"), [['a', '<f4'], ['b', '|u1']]);
    assert.equal(parsePythonLiteral("'it\\'s'"), "it's");
    assert.deepEqual(parsePythonLiteral('[True, False, None, -7]'), [true, false, null, -7]);
  });

  for (const text of ["{'a': 1", "{'a' 1}", "{1: 2}", "__import__('os')", "{'a': 1.5}", "'open", '(1 2)', '{} x', '99999999999999999999']) {
    it(`refuses ${text}`, () => {
      assert.throws(() => parsePythonLiteral(text), SyntaxError);
    });
  }
});
