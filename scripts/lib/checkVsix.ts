// Fails unless a VSIX carries the extension's bundles and ONNX Runtime's native binaries for its one target,
// and no other platform's. A missing binary would only show when a user first runs the engine.
// Usage: node --import tsx scripts/lib/checkVsix.ts <file.vsix> <platform> <arch>
import { readFileSync } from 'node:fs';

/** Names in a zip's central directory (a VSIX is a zip; it never needs ZIP64). */
function zipEntryNames(bytes: Buffer): string[] {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const nameLength = bytes.readUInt16LE(at + 28);
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return names;
}

const nativeLibrary: Record<string, RegExp> = { linux: /^libonnxruntime\.so/, win32: /^onnxruntime\.dll$/, darwin: /^libonnxruntime.*\.dylib$/ };

const [file, platform, arch] = process.argv.slice(2);
if (!file || !nativeLibrary[platform] || !arch) {
  console.error('usage: node --import tsx scripts/lib/checkVsix.ts <file.vsix> <linux|win32|darwin> <arch>');
  process.exit(2);
}
const names = zipEntryNames(readFileSync(file));
const binaries = /^extension\/node_modules\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+)\/([^/]+)\/([^/]+)$/;
const ours = names
  .map((name) => binaries.exec(name))
  .filter((m): m is RegExpExecArray => m !== null && m[1] === platform && m[2] === arch);
const problems: string[] = [];
for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/worker.js']) {
  if (!names.includes(required)) problems.push(`missing ${required}`);
}
if (!names.includes('extension/node_modules/onnxruntime-common/package.json')) {
  problems.push('missing onnxruntime-common, which onnxruntime-node requires');
}
if (!ours.some((m) => m[3] === 'onnxruntime_binding.node')) problems.push(`missing onnxruntime_binding.node for ${platform}/${arch}`);
if (!ours.some((m) => nativeLibrary[platform].test(m[3]))) problems.push(`missing the ONNX Runtime library for ${platform}/${arch}`);
const foreign = names.filter((name) => binaries.test(name) && !ours.some((m) => m[0] === name));
if (foreign.length > 0) problems.push(`binaries of other targets: ${foreign.join(', ')}`);

if (problems.length > 0) {
  console.error(`${file} is not a working ${platform}-${arch} package:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${file}: ${names.length} files; native: ${ours.map((m) => m[3]).join(', ')}`);
