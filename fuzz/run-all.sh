#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 3600), seeded from and growing fuzz/corpus/<target>.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain build it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-3600}
for target in vtt srt whisper_json transcript_json lexicon_toml audio; do
  echo "== $target ($seconds s)"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 2>&1 | grep -E "^(#[0-9]+.*DONE|==|SUMMARY|artifact)|Done" || true
done
