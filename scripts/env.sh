# shellcheck shell=bash
# The environment shared by scripts/setup, scripts/serve and scripts/test. Source it; do not
# run it. It keeps every tool on its pinned version and every build offline:
#
# - tests/e2e/node_modules/.bin goes first on PATH, so the wasm-opt that trunk finds is npm's
#   binaryen 132. Debian's binaryen (v108) cannot parse what Rust 1.95 emits, and trunk would
#   otherwise take whichever wasm-opt comes first.
# - cargo's bin folder is on PATH, for trunk, wasm-bindgen and wasm-bindgen-test-runner.
# - TRUNK_SKIP_VERSION_CHECK stops trunk asking the internet for a newer release. It must be
#   the word `true`; `1` is ignored.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# The trunk release this repo is written for. 0.22 needs a newer rustc than the machine has.
export TRUNK_VERSION="0.21.14"

# Prepend a folder to PATH unless it is already there, so sourcing twice changes nothing.
path_prepend() {
    case ":$PATH:" in
        *":$1:"*) ;;
        *) PATH="$1:$PATH" ;;
    esac
}
path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
path_prepend "$REPO_ROOT/tests/e2e/node_modules/.bin"
export PATH

export TRUNK_SKIP_VERSION_CHECK=true

# Print the exact version of the wasm-bindgen crate. The CLI must match it to the digit, or
# trunk and wasm-bindgen-test-runner fail (trunk would try to download one). Cargo.toml pins it
# with `=`; Cargo.lock is the fallback for a pin written some other way.
wasm_bindgen_crate_version() {
    local version s='[[:space:]]*'
    version="$(sed -nE \
        -e "s/^wasm-bindgen$s=$s\"=([0-9][^\"]*)\".*/\1/p" \
        -e "s/^wasm-bindgen$s=$s\\{.*version$s=$s\"=([0-9][^\"]*)\".*/\1/p" \
        "$REPO_ROOT/Cargo.toml" | head -n 1)"
    if [[ -z "$version" && -f "$REPO_ROOT/Cargo.lock" ]]; then
        version="$(awk '
            $0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }
        ' "$REPO_ROOT/Cargo.lock")"
    fi
    [[ -n "$version" ]] || return 1
    printf '%s\n' "$version"
}

# Seconds since an earlier `$EPOCHREALTIME`, with one decimal.
elapsed_since() {
    awk -v start="$1" -v now="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", now - start }'
}
