"""faster-whisper peer for benches/e2e.sh: MODEL_DIR RECORDING THREADS; one line per segment."""
import sys

from faster_whisper import WhisperModel

model_dir, recording, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
# int8 on CPU is faster-whisper's fast path and the closest match to the q8_0 ggml model.
model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)
segments, _ = model.transcribe(recording, language="en", beam_size=1)
for s in segments:
    print(f"[{s.start:.2f} -> {s.end:.2f}] {s.text}")
