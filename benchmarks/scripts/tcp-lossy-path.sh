#!/bin/sh
# Linux TCP through a lossy, long path, as the reference for LossyPathThroughputMain: two network namespaces made
# here, joined by a user-space relay between TUN devices (tun_relay.py: delay and seeded random loss per direction,
# as UdpImpairmentProxy does for jrtc; this kernel has no sch_netem). Needs root. Nothing leaves the namespaces.
# The congestion control is set per socket (TCP_CONGESTION), as the netns sysctl may be read-only.
# Usage: tcp-lossy-path.sh [loss=0.01] [one-way delay ms=25] [seeds="1 2 3"] [cc=cubic] [mtu=1500]
set -eu
LOSS=${1:-0.01}; DELAY=${2:-25}; SEEDS=${3:-"1 2 3"}; CC=${4:-cubic}; MTU=${5:-1500}
WARMUP=${WARMUP:-5}; MEASURE=${MEASURE:-20}
DIR=$(cd "$(dirname "$0")" && pwd)
A=jrtc-lossy-a-$$; B=jrtc-lossy-b-$$
cleanup() { ip netns del "$A" 2>/dev/null || true; ip netns del "$B" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
for SEED in $SEEDS; do
  cleanup
  ip netns add "$A"; ip netns add "$B"
  python3 "$DIR/tun_relay.py" --ns-a "$A" --ns-b "$B" --loss "$LOSS" --delay-ms "$DELAY" --seed "$SEED" \
      --duration $((WARMUP + MEASURE + 15)) > "/tmp/$A.relay" 2>&1 &
  RELAY=$!
  for _ in $(seq 50); do grep -q ready "/tmp/$A.relay" 2>/dev/null && break; sleep 0.2; done
  grep -q ready "/tmp/$A.relay" || { echo "relay did not start:"; cat "/tmp/$A.relay"; exit 1; }
  ip -n "$A" link set lo up; ip -n "$B" link set lo up
  ip -n "$A" addr add 10.77.0.1/24 dev tunA; ip -n "$A" link set tunA mtu "$MTU" up
  ip -n "$B" addr add 10.77.0.2/24 dev tunB; ip -n "$B" link set tunB mtu "$MTU" up
  ip netns exec "$B" timeout $((WARMUP + MEASURE + 40)) python3 "$DIR/tcp_stream.py" sink --addr 10.77.0.2 --cc "$CC" \
      --warmup "$WARMUP" --measure "$MEASURE" > "/tmp/$A.sink" 2>&1 &
  SINK=$!
  sleep 0.5
  ip netns exec "$A" timeout $((WARMUP + MEASURE + 10)) python3 "$DIR/tcp_stream.py" source --addr 10.77.0.2 --cc "$CC" \
      --warmup "$WARMUP" --measure "$MEASURE" || true
  wait "$SINK" || true
  printf 'seed %s mtu %s: ' "$SEED" "$MTU"; cat "/tmp/$A.sink"
  kill "$RELAY" 2>/dev/null || true; wait "$RELAY" 2>/dev/null || true
  grep done "/tmp/$A.relay" || true
  rm -f "/tmp/$A.relay" "/tmp/$A.sink"
done
