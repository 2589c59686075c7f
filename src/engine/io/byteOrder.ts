/** Reverses the byte order of each `itemSize`-byte element, in place. */
export function swapByteOrder(bytes: Uint8Array, itemSize: number): void {
  for (let start = 0; start < bytes.length; start += itemSize) {
    for (let i = start, j = start + itemSize - 1; i < j; i++, j--) {
      const t = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = t;
    }
  }
}
