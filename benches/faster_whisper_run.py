"""faster-whisper peer for benches/e2e.sh: MODEL_DIR RECORDING THREADS [MODE]; one line per segment.

MODE is how users run it (faster-whisper 1.2.1's README): `plain` (WhisperModel.transcribe), `vad`
(the same with vad_filter=True, its bundled Silero VAD) or `batched` (BatchedInferencePipeline,
batch_size 8, which always cuts the audio with that VAD).
"""
import sys

from faster_whisper import BatchedInferencePipeline, WhisperModel

model_dir, recording, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
mode = sys.argv[4] if len(sys.argv) > 4 else "plain"
# int8 on CPU is faster-whisper's fast path and the closest match to the q8_0 ggml model.
model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)
if mode == "plain":
    segments, _ = model.transcribe(recording, language="en", beam_size=1)
elif mode == "vad":
    segments, _ = model.transcribe(recording, language="en", beam_size=1, vad_filter=True)
elif mode == "batched":
    segments, _ = BatchedInferencePipeline(model=model).transcribe(
        recording, language="en", beam_size=1, batch_size=8
    )
else:
    sys.exit(f"unknown mode {mode!r}: plain, vad or batched")
for s in segments:
    print(f"[{s.start:.2f} -> {s.end:.2f}] {s.text}")
