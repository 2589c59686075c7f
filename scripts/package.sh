#!/usr/bin/env bash
# Builds one VSIX per target into out/vsix/, each carrying only its own platform's ONNX Runtime binaries,
# and checks each one holds them. Usage: npm run package [-- TARGET... | all]  (default: linux-x64)
set -euo pipefail
cd "$(dirname "$0")/.."

# The VS Code targets for which onnxruntime-node ships CPU binaries (none for darwin-x64, alpine or armhf).
supported=(linux-x64 linux-arm64 win32-x64 win32-arm64 darwin-arm64)
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(linux-x64); fi
if [[ ${targets[*]} == all ]]; then targets=("${supported[@]}"); fi
for target in "${targets[@]}"; do
  if [[ " ${supported[*]} " != *" $target "* ]]; then
    echo "package: onnxruntime-node has no binaries for target '$target' (supported: ${supported[*]})" >&2
    exit 1
  fi
done

bash scripts/setup.sh
version=$(node -p 'require("./package.json").version')
name=$(node -p 'require("./package.json").name')
mkdir -p out/vsix

for target in "${targets[@]}"; do
  platform=${target%-*} arch=${target#*-}
  if ! compgen -G "node_modules/onnxruntime-node/bin/napi-v*/$platform/$arch/onnxruntime_binding.node" >/dev/null; then
    echo "package: node_modules/onnxruntime-node has no $platform/$arch binary" >&2
    exit 1
  fi
  # vsce keeps whatever a `!` pattern matches, so this target's binaries are the only ones let back in.
  ignore_file=out/vsix/.vscodeignore-$target
  { cat .vscodeignore; echo "!node_modules/onnxruntime-node/bin/napi-v*/$platform/$arch/**"; } >"$ignore_file"
  vsix=out/vsix/$name-$version-$target.vsix
  # Relative links in README.md stay relative: the package names no repository to rewrite them against.
  node_modules/.bin/vsce package --target "$target" --ignoreFile "$ignore_file" --out "$vsix" \
    --allow-missing-repository --no-rewrite-relative-links
  node --import tsx scripts/lib/checkVsix.ts "$vsix" "$platform" "$arch"
done
