#!/usr/bin/env bash
# Builds the JMH benchmarks and runs the SRTP summary: our protect per profile against the raw JCE work and
# jitsi-srtp in the same run, with bytes allocated per packet. A few minutes; pass --quick for a smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
exec java -cp benchmarks/target/benchmarks.jar dev.jrtc.benchmarks.SrtpSummary "$@"
