#!/usr/bin/env bash
# The README's main job. Until the two-peer demo of the PeerConnection facade exists, it is the SRTP
# benchmark summary: protect/unprotect per profile against the raw JCE baseline and jitsi-srtp.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/bench-srtp.sh "$@"
