"""Private install of the TTS voices from Debian .deb files, for a machine without them.

The training machine (GPU, Python, no TTS, maybe no network) should synthesise
its own corpus so audio never has to be copied. Two steps:

    # where apt works (Debian bookworm): download the .debs and their libraries
    /usr/bin/python3 -m training.corpus.install_voices fetch --debs /work/data/corpus/debs
    # on the training machine: unpack into a folder of our own, no dpkg database touched
    /usr/bin/python3 -m training.corpus.install_voices install --debs DEBS --prefix /data/corpus/tts
    /usr/bin/python3 -m training.corpus.build --tts-prefix /data/corpus/tts --out ... --hours ...

Engines find their data as follows: espeak-ng through ESPEAK_DATA_PATH, flite
and the shared libraries through LD_LIBRARY_PATH, binaries through PATH.
pico2wave, RHVoice, mbrola (called by espeak-ng) and festival (its --libdir
did not help in a test) use compiled-in /usr/share paths: when those are
absent and we may write there, a symlink into the prefix is made; otherwise
those engines are skipped (build.py probes every voice before use).
"""
import argparse
import glob
import os
import subprocess
import sys
from typing import List

from training.corpus.voices import VOICES

# Packages that any Debian-based Python image already has; a second libc in
# LD_LIBRARY_PATH would break every program, so these are never unpacked.
BASE_SYSTEM = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libcrypt1", "debconf", "dpkg", "perl-base",
               "coreutils", "tar", "bash", "dash", "libtinfo6", "libselinux1", "libpcre2-8-0",
               "libzstd1", "liblzma5", "libbz2-1.0", "libacl1", "libattr1", "libgmp10",
               "init-system-helpers", "adduser", "passwd", "sensible-utils", "libaudit1", "libcap-ng0",
               # pulled in only through init scripts, PAM or sound daemons, never by the synthesis path
               "alsa-utils", "cdebconf", "install-info", "kmod", "libkmod2", "lsb-base", "sysvinit-utils",
               "libpam-modules", "libpam-modules-bin", "libpam0g", "libelogind0", "libssl3",
               "libaudit-common", "libsemanage-common", "libsemanage2",
               "libsepol2", "libblkid1", "libmount1", "gcc-12-base", "libdebian-installer4", "libnewt0.52",
               "libslang2", "libtextwrap1", "sgml-base", "libatopology2",
               "readline-common", "libncursesw6"}
# Not in that list although "system" libraries: espeak-ng, festival and RHVoice link libpulse0, which needs
# libdbus-1-3, libsystemd0, libgcrypt20, libgpg-error0 (and RHVoice libdb5.3); a CUDA image had none of them,
# and only flite and pico worked there (2026-11-24).
# Compiled-in data paths (tested: the engines ignore any override for these).
LINKED_SYSTEM_PATHS = ("/usr/share/pico", "/usr/share/RHVoice", "/etc/RHVoice", "/usr/share/mbrola",
                       "/usr/share/festival", "/usr/lib/festival")


def catalogue_packages() -> List[str]:
    names = {p for v in VOICES if v.use != "rejected" for p in v.packages}
    return sorted(names | {"festlex-cmu", "festlex-poslex"})


def dependency_closure(packages: List[str]) -> List[str]:
    out = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                          "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"] + packages,
                         check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("|"):
            line = line[1:].strip()
        if ":" in line:
            line = line.split(":", 1)[1].strip()
        if line and not line.startswith("<") and " " not in line:
            names.add(line.split(":")[0])
    # rhvoice depends on "rhvoice-english | rhvoice-voice"; only the English data is wanted.
    other_languages = {n for n in names if n.startswith("rhvoice-") and n != "rhvoice-english"}
    return sorted(n for n in names if n not in BASE_SYSTEM and n not in other_languages)


def fetch(debs: str) -> None:
    os.makedirs(debs, exist_ok=True)
    packages = dependency_closure(catalogue_packages())
    subprocess.run(["apt-get", "download"] + packages, cwd=debs, check=True)
    print(f"{len(packages)} packages in {debs}", file=sys.stderr)


def _link_if_absent(system_path: str, private_path: str) -> None:
    if os.path.exists(system_path) or not os.path.exists(private_path):
        return
    try:
        os.makedirs(os.path.dirname(system_path), exist_ok=True)
        os.symlink(private_path, system_path)
    except OSError as error:
        print(f"cannot link {system_path} -> {private_path} ({error}); that engine stays unusable",
              file=sys.stderr)


def install(debs: str, prefix: str) -> None:
    prefix = os.path.abspath(prefix)
    os.makedirs(prefix, exist_ok=True)
    for deb in sorted(glob.glob(os.path.join(debs, "*.deb"))):
        subprocess.run(["dpkg-deb", "-x", deb, prefix], check=True)
    # espeak-ng looks for mbrola voices under its data path; the binary comes from PATH.
    data = os.path.join(prefix, "usr", "lib", "x86_64-linux-gnu", "espeak-ng-data")
    mbrola_voices = os.path.join(prefix, "usr", "share", "mbrola")
    if os.path.isdir(data) and os.path.isdir(mbrola_voices) and not os.path.exists(os.path.join(data, "mbrola")):
        os.symlink(mbrola_voices, os.path.join(data, "mbrola"))
    for path in LINKED_SYSTEM_PATHS:
        _link_if_absent(path, prefix + path)
    print(f"voices unpacked into {prefix}", file=sys.stderr)


def activate(prefix: str) -> None:
    """Point this process (and the workers it forks) at a private install."""
    prefix = os.path.abspath(prefix)
    os.environ["PATH"] = os.path.join(prefix, "usr", "bin") + os.pathsep + os.environ.get("PATH", "")
    libs = [os.path.join(prefix, "usr", "lib", "x86_64-linux-gnu"), os.path.join(prefix, "usr", "lib"),
            os.path.join(prefix, "lib", "x86_64-linux-gnu"),
            os.path.join(prefix, "usr", "lib", "x86_64-linux-gnu", "pulseaudio")]  # libpulsecommon
    os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(libs + [os.environ.get("LD_LIBRARY_PATH", "")]).rstrip(os.pathsep)
    os.environ["ESPEAK_DATA_PATH"] = os.path.join(prefix, "usr", "lib", "x86_64-linux-gnu")
    os.environ["S2S_FESTIVAL_LIBDIR"] = os.path.join(prefix, "usr", "share", "festival")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="download the .debs (needs apt and the s2s-corpus apt source)")
    f.add_argument("--debs", required=True)
    i = sub.add_parser("install", help="unpack the .debs into --prefix")
    i.add_argument("--debs", required=True)
    i.add_argument("--prefix", required=True)
    args = p.parse_args(argv)
    if args.command == "fetch":
        fetch(args.debs)
    else:
        install(args.debs, args.prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
