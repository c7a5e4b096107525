#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 3600), seeded from and growing fuzz/corpus/<target>.
# All targets run at once, at the lowest CPU priority, so the machine stays usable; each target's
# libFuzzer log goes to target/fuzz-logs/<target>.log and its final line is printed at the end.
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); RUSTC_BOOTSTRAP lets the stable toolchain build it.
#
#   fuzz/run-all.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-3600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(vtt srt whisper_json transcript_json lexicon_toml audio)
logs=../target/fuzz-logs
mkdir -p "$logs"
RUSTC_BOOTSTRAP=1 cargo fuzz build -O
for target in "${targets[@]}"; do
  nice -n 19 "target/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
    -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 >"$logs/$target.log" 2>&1 &
done
failed=0
wait || failed=1
for target in "${targets[@]}"; do
  echo "== $target: $(grep -E '^#[0-9]+' "$logs/$target.log" | tail -1)"
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$logs/$target.log" || true
  grep -E 'SUMMARY|Test unit written' "$logs/$target.log" && failed=1
done
exit $failed
