#!/usr/bin/env bash
# Runs every test of jrtc on a fresh Debian machine: installs the real peers the interop tests use
# (coturn, Chromium + ChromeDriver, Node.js, aiortc, Go and pion) and ffmpeg (media file checks) when they are
# missing, then builds and tests on JDK 17 and, when present, on the Temurin 25 JDK too. The interop module's build
# installs the pinned npm stacks and builds the pion peer (dev.jrtc.interop.peer.PeerInstaller) before its tests;
# that is quick once done.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The codec tests in rtp check written media files with ffprobe and decode them with ffmpeg.
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
# The Chromium tests run inside a loopback-only network namespace (unshare -n, then ip link set lo up).
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
# The other WebRTC stacks of the interop matrix (interop/src/main/java/dev/jrtc/interop/peer).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
/usr/bin/python3 -c 'import aiortc' >/dev/null 2>&1 || missing+=(python3-aiortc)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -d /usr/share/gocode/src/github.com/pion/webrtc ] || missing+=(golang-github-pion-webrtc.v3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== JDK 17 (default): build and test"
mvn -B clean install

temurin=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1 || true)
if [ -n "$temurin" ] && [ "${JRTC_SKIP_JDK25:-}" != "1" ]; then
  echo "== JDK 25 ($temurin): build and test"
  JAVA_HOME="$temurin" mvn -B -o clean verify
fi
