#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 3600), seeded from and growing fuzz/corpus/<target>.
# All targets run at once, at the lowest CPU priority, so the machine stays usable; each target's
# libFuzzer log goes to target/fuzz-logs/<target>.log and its final line is printed at the end.
# The per-input timeout is generous (60 s) because a target at nice 19 can starve for seconds while
# the machine builds: a 10 s limit stopped the lexicon target on an input that runs in 0.17 s alone.
# Fork mode keeps a target going after a crash, timeout or out-of-memory: every finding of the run
# lands in fuzz/artifacts/<target>/ and the hour is not cut short by the first one.
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
# Only the audio target needs the app crate (whisper.cpp, cmake): its feature is turned on only
# when it is asked for; the readers and the lexicons build against mockreview-core alone.
features=()
for target in "${targets[@]}"; do
  [ "$target" = audio ] && features=(--features audio)
done
RUSTC_BOOTSTRAP=1 cargo fuzz build -O ${features[@]+"${features[@]}"}
for target in "${targets[@]}"; do
  nice -n 19 "target/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
    -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" -max_len=65536 -timeout=60 \
    -rss_limit_mb=2048 -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    >"$logs/$target.log" 2>&1 &
done
failed=0
wait || failed=1
for target in "${targets[@]}"; do
  echo "== $target: $(grep -E '^#[0-9]+' "$logs/$target.log" | tail -1)"
  grep -E 'SUMMARY|Test unit written|INFO: log from the inferior' "$logs/$target.log" && failed=1
done
exit $failed
