#!/usr/bin/env bash
# Installs srm-lint for the action: a released binary for the runner's OS and architecture, checked
# against its published SHA-256; otherwise `cargo install --locked` from the action's own source.
# Writes `bin=<path>` to $GITHUB_OUTPUT.
set -euo pipefail

out="${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${SRM_LINT_BIN:-}" ] && [ -x "$SRM_LINT_BIN" ]; then
  echo "bin=$SRM_LINT_BIN" >> "$out"
  exit 0
fi

version="${INPUT_VERSION:-}"
if [ -z "$version" ] && [[ "${ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  version="${ACTION_REF#v}"
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  MINGW* | MSYS* | CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

dest="${RUNNER_TEMP:-/tmp}/srm-lint-bin"
mkdir -p "$dest"
exe=srm-lint
[ "$target" = x86_64-pc-windows-msvc ] && exe=srm-lint.exe

sha256() {
  if command -v sha256sum > /dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

if [ -n "$version" ] && [ -n "$target" ] && [ -n "${ACTION_REPOSITORY:-}" ]; then
  archive="srm-lint-$version-$target.tar.gz"
  base="https://github.com/$ACTION_REPOSITORY/releases/download/v$version"
  if curl -fsSL -o "$dest/$archive" "$base/$archive" && curl -fsSL -o "$dest/$archive.sha256" "$base/$archive.sha256"; then
    expected="$(cut -d' ' -f1 < "$dest/$archive.sha256")"
    actual="$(sha256 "$dest/$archive")"
    if [ "$expected" != "$actual" ]; then
      echo "::error title=srm-lint::checksum mismatch for $archive (expected $expected, got $actual)"
      exit 2
    fi
    tar -xzf "$dest/$archive" -C "$dest"
    echo "bin=$dest/$exe" >> "$out"
    exit 0
  fi
  echo "::notice title=srm-lint::no released binary for $target at v$version; building from source"
fi

cargo install --locked --quiet --root "$dest/cargo" --path "$GITHUB_ACTION_PATH"
echo "bin=$dest/cargo/bin/$exe" >> "$out"
