"""The catalogue of free English TTS voices from Debian, with their licences.

Every voice the recipe considered is listed, including rejected ones (with
the reason), so voices.json documents the choice. The order of VOICES is part
of the corpus plan (sentence assignment uses a voice's index): append, never
reorder.

Licence judgement (read from /usr/share/doc/PKG/copyright, Debian bookworm):
- espeak-ng-data: GPL-3+. flite: CMU/BSD-style free licence. festvox-*lpc16k,
  festvox-don: CSTR/CMU free licence ("use and distribute without restriction").
  festvox-us-slt-hts: BSD-3-clause / EST free licences. RHVoice data/*
  (alan, bdl, clb, slt): LGPL-2.1+. pico lang files: Apache-2.0 (non-free in
  Debian only because their sources are missing; redistributable).
- MBROLA us1/us2/us3/en1: the database may only be used with the mbrola
  program and may not be sold or put in a sold product; nothing restricts the
  synthesised audio or a model trained on it. We keep them (the model does not
  contain the database) but mark them so a stricter policy can drop them with
  --no-restricted.
- RHVoice evgeniy-eng and lyubov: CC-BY-NC-ND-4.0 -> rejected (non-commercial).
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

ESPEAK_VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5",
                   "klatt", "klatt2", "klatt3", "klatt4", "croak", "whisper", "whisperf", "grandpa",
                   "grandma", "adam", "edward", "john", "linda", "steph", "iven", "paul", "rob",
                   "robert", "zac", "andy", "annie", "david", "ed", "max", "michel", "norbert",
                   "pablo", "quincy", "travis", "victor", "Alicia", "Andrea", "belinda", "benjamin",
                   "caleb", "aunty", "shelby", "Lee", "sandro", "kaukovalta")


@dataclass(frozen=True)
class Voice:
    key: str             # manifest voice prefix, e.g. "espeak-ng:en-us"
    engine: str          # espeak-ng | flite | festival | pico | rhvoice
    engine_voice: str    # the engine's own voice name
    packages: Tuple[str, ...]
    licence: str
    use: str = "train"   # train | heldout | rejected
    restricted: bool = False
    note: str = ""
    variants: Tuple[str, ...] = field(default=())


GPL3 = "GPL-3+ (espeak-ng-data)"
MBROLA = ("MBROLA database licence: free to use and distribute for no charge, only with the mbrola "
          "program, not to be sold; synthesised output unrestricted")
FLITE = "CMU Flite licence (BSD-style, free use/modification/redistribution)"
FESTVOX = "CSTR/CMU festvox licence (free use and redistribution without restriction)"
SLT_HTS = "BSD-3-clause / EST free licences (festvox-us-slt-hts, CMU ARCTIC slt)"
PICO = "Apache-2.0 (SVOX Pico; Debian non-free because language data has no source)"
RHVOICE = "LGPL-2.1+ (RHVoice data/*)"
NC_ND = "CC-BY-NC-ND-4.0"


def _espeak(lang: str) -> Voice:
    return Voice(f"espeak-ng:{lang}", "espeak-ng", lang, ("espeak-ng", "espeak-ng-data"), GPL3,
                 variants=ESPEAK_VARIANTS)


def _mbrola(name: str) -> Voice:
    return Voice(f"espeak-ng:mb-{name}", "espeak-ng", f"mb-{name}", ("espeak-ng", "mbrola", f"mbrola-{name}"),
                 MBROLA, restricted=True)


VOICES: List[Voice] = [
    _espeak("en-us"), _espeak("en-gb"), _espeak("en-gb-scotland"), _espeak("en-gb-x-gbclan"),
    _espeak("en-gb-x-rp"), _espeak("en-gb-x-gbcwmd"), _espeak("en-029"), _espeak("en-us-nyc"),
    _mbrola("us1"), _mbrola("us2"), _mbrola("us3"), _mbrola("en1"),
    Voice("flite:kal16", "flite", "kal16", ("flite",), FLITE),
    Voice("flite:awb", "flite", "awb", ("flite",), FLITE),
    Voice("flite:rms", "flite", "rms", ("flite",), FLITE),
    Voice("flite:slt", "flite", "slt", ("flite",), FLITE),
    Voice("festival:kal", "festival", "kal_diphone", ("festival", "festvox-kallpc16k"), FESTVOX),
    Voice("festival:ked", "festival", "ked_diphone", ("festival", "festvox-kdlpc16k"), FESTVOX),
    Voice("festival:rab", "festival", "rab_diphone", ("festival", "festvox-rablpc16k"), FESTVOX),
    Voice("festival:don", "festival", "don_diphone", ("festival", "festvox-don"), FESTVOX),
    Voice("festival:slt-hts", "festival", "cmu_us_slt_arctic_hts", ("festival", "festvox-us-slt-hts"), SLT_HTS),
    Voice("festival:us1-mbrola", "festival", "us1_mbrola", ("festival", "festvox-us1", "mbrola-us1"), MBROLA,
          restricted=True),
    Voice("festival:us2-mbrola", "festival", "us2_mbrola", ("festival", "festvox-us2", "mbrola-us2"), MBROLA,
          restricted=True),
    Voice("festival:us3-mbrola", "festival", "us3_mbrola", ("festival", "festvox-us3", "mbrola-us3"), MBROLA,
          restricted=True),
    Voice("pico:en-US", "pico", "en-US", ("libttspico-utils", "libttspico0", "libttspico-data"), PICO),
    Voice("pico:en-GB", "pico", "en-GB", ("libttspico-utils", "libttspico0", "libttspico-data"), PICO),
    Voice("rhvoice:alan", "rhvoice", "alan", ("rhvoice", "rhvoice-english"), RHVOICE),
    Voice("rhvoice:bdl", "rhvoice", "bdl", ("rhvoice", "rhvoice-english"), RHVOICE),
    Voice("rhvoice:slt", "rhvoice", "slt", ("rhvoice", "rhvoice-english"), RHVOICE),
    # clb (CMU ARCTIC speaker clb) exists only in RHVoice: a speaker never heard in training.
    Voice("rhvoice:clb", "rhvoice", "clb", ("rhvoice", "rhvoice-english"), RHVOICE, use="heldout"),
    Voice("rhvoice:evgeniy-eng", "rhvoice", "evgeniy-eng", ("rhvoice", "rhvoice-english"), NC_ND,
          use="rejected", note="licence forbids commercial use (NC) and derivatives (ND)"),
    Voice("rhvoice:lyubov", "rhvoice", "lyubov", ("rhvoice", "rhvoice-english"), NC_ND,
          use="rejected", note="licence forbids commercial use (NC) and derivatives (ND)"),
]

BY_KEY: Dict[str, Voice] = {v.key: v for v in VOICES}


def voice_index(key: str) -> int:
    return [v.key for v in VOICES].index(key)


def heldout_voice() -> Optional[Voice]:
    return next((v for v in VOICES if v.use == "heldout"), None)
