"""Speech: a Script becomes Clips, one per segment, each cached by a hash of what made it.

`to_spoken` turns shown text into spoken text (numbers, abbreviations); `Synthesizer` speaks a
Script segment by segment through an engine (`engines/`: Piper, pyttsx3, espeak-ng, gTTS) chosen
per language, in reading order and in parallel; `ClipCache` keeps the clips. Imports neither
`outputs` nor `server`.
"""
from audionews.speech.cache import ClipCache, clip_key
from audionews.speech.spoken import to_spoken
from audionews.speech.synth import SynthOptions, Synthesizer

__all__ = ["ClipCache", "SynthOptions", "Synthesizer", "clip_key", "to_spoken"]
