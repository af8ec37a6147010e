#!/usr/bin/env bash
# The README's main job: two PeerConnections in one JVM connect over loopback, open a data channel and an
# audio track, and print candidates, state changes, time to connect, data-channel throughput and media counts.
# Optional argument: MiB to send over the data channel (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl examples -am package
exec java -cp examples/target/examples.jar dev.jrtc.examples.TwoPeerDemo "$@"
