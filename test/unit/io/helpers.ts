import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, type FormatErrorCode, type Tensor } from '../../../src/engine/io';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'io');

/** A fresh temporary directory per test, removed afterwards. Call at the top of a describe block. */
export function useTempDir(): (name: string) => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'saescope-io-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

/** Asserts that `action` fails with a FormatError of `code` whose message names `file`. */
export async function assertFormatError(action: Promise<unknown> | (() => unknown), code: FormatErrorCode, file: string): Promise<void> {
  const promise = typeof action === 'function' ? (async () => action())() : action;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FormatError, `expected a FormatError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, file);
    assert.ok(err.message.startsWith(`${file}: `), err.message);
    return true;
  });
}

/** A safetensors image built by hand, for feeding readers headers the writer would never produce. */
export function rawSafetensors(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json =
    header instanceof Uint8Array ? header : new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** One small tensor per dtype, with edge values (extremes, negative zero, NaN, infinities) where the dtype has them. */
export function sampleTensors(): Record<string, Tensor> {
  return {
    f64: { dtype: 'F64', shape: [2, 3], data: new Float64Array([0, -0, -1.5, 1e300, 5e-324, NaN]) },
    f32: { dtype: 'F32', shape: [3, 2], data: new Float32Array([1, -2.5, 3.4028234663852886e38, 1e-45, Infinity, NaN]) },
    f16: { dtype: 'F16', shape: [2, 2], data: new Uint16Array([0x3c00, 0xc100, 0x7bff, 0x7e00]) },
    bf16: { dtype: 'BF16', shape: [4], data: new Uint16Array([0x3f80, 0xc020, 0x0001, 0xff80]) },
    i64: { dtype: 'I64', shape: [3], data: new BigInt64Array([-(2n ** 63n), 0n, 2n ** 63n - 1n]) },
    i32: { dtype: 'I32', shape: [2, 1], data: new Int32Array([-(2 ** 31), 2 ** 31 - 1]) },
    i16: { dtype: 'I16', shape: [2], data: new Int16Array([-32768, 32767]) },
    i8: { dtype: 'I8', shape: [3], data: new Int8Array([-128, 0, 127]) },
    u64: { dtype: 'U64', shape: [2], data: new BigUint64Array([0n, 2n ** 64n - 1n]) },
    u32: { dtype: 'U32', shape: [2], data: new Uint32Array([0, 2 ** 32 - 1]) },
    u16: { dtype: 'U16', shape: [2], data: new Uint16Array([0, 65535]) },
    u8: { dtype: 'U8', shape: [1, 3], data: new Uint8Array([0, 128, 255]) },
    bool: { dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
    scalar: { dtype: 'F32', shape: [], data: new Float32Array([7.25]) },
    empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  };
}

/** A .npy image with a hand-written header dict, for feeding readers what the writer would never produce. */
export function rawNpy(header: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const text = new TextEncoder().encode(header + '\n');
  const start = major === 1 ? 10 : 12;
  const bytes = new Uint8Array(start + text.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  bytes.set(text, start);
  bytes.set(data, start + text.length);
  return bytes;
}
