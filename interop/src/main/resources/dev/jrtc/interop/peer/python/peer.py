"""A WebRTC peer for jrtc's interop suite on aiortc, driven by JSON lines on stdin.

Answers and events go to stdout as JSON lines, logs to stderr. The protocol is described in the Javadoc of the Java
package dev.jrtc.interop.peer. Every data-channel message is echoed back on its channel, as text or binary as it
came. Gathering is restricted to 127.0.0.1.
"""
import asyncio
import json
import logging
import os
import sys

import aioice.ice

# aioice gathers on every interface address it finds; the suite wants loopback only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

import aiortc  # noqa: E402  (after the patch, so nothing captured the original)
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription  # noqa: E402

# JRTC_PEER_DEBUG=1 in the environment turns on aiortc's own debug logs (SCTP, DTLS, ICE) on stderr.
logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if os.environ.get("JRTC_PEER_DEBUG") else logging.WARNING,
                    format="[aiortc] %(name)s %(levelname)s %(message)s")
log = logging.getLogger("peer")


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Peer:
    def __init__(self):
        self.pc = None
        self.channels = {}  # label -> entry dict

    def peer(self):
        if self.pc is None:
            # No ICE servers: aiortc's default is a public STUN server.
            self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))

            @self.pc.on("connectionstatechange")
            def on_state():
                emit({"event": "connection-state", "state": self.pc.connectionState})

            @self.pc.on("datachannel")
            def on_channel(channel):
                self.wire(channel)

            @self.pc.on("track")
            def on_track(track):
                log.info("track %s", track.kind)

        return self.pc

    def wire(self, dc):
        entry = {"dc": dc, "received": 0, "bytes": 0, "state": dc.readyState}
        self.channels[dc.label] = entry

        def opened():
            entry["state"] = "open"
            emit({"event": "channel-open", "label": dc.label, "id": dc.id, "ordered": dc.ordered,
                  "protocol": dc.protocol})

        if dc.readyState == "open":
            opened()
        else:
            dc.on("open", opened)

        @dc.on("close")
        def on_close():
            entry["state"] = "closed"
            emit({"event": "channel-close", "label": dc.label})

        @dc.on("message")
        def on_message(data):
            entry["received"] += 1
            entry["bytes"] += len(data.encode("utf-8")) if isinstance(data, str) else len(data)
            try:
                dc.send(data)  # the echo: str stays str, bytes stay bytes
            except Exception as e:  # noqa: BLE001 - report and go on echoing the others
                log.warning("echo on %r failed: %s", dc.label, e)

    def create_channel(self, spec):
        kwargs = {"ordered": spec.get("ordered", True) is not False, "protocol": spec.get("protocol", "")}
        if spec.get("maxRetransmits") is not None:
            kwargs["maxRetransmits"] = spec["maxRetransmits"]
        if spec.get("maxPacketLifeTime") is not None:
            kwargs["maxPacketLifeTime"] = spec["maxPacketLifeTime"]
        if spec.get("negotiated"):
            kwargs["negotiated"] = True
            kwargs["id"] = spec["id"]
        self.wire(self.peer().createDataChannel(spec["label"], **kwargs))

    async def op_offer(self, req):
        pc = self.peer()
        if req.get("audio"):
            pc.addTransceiver("audio", direction="recvonly")
        if req.get("video"):
            pc.addTransceiver("video", direction="recvonly")
        for spec in req.get("channels", []):
            self.create_channel(spec)
        # aiortc gathers every candidate inside setLocalDescription: the SDP is complete.
        await pc.setLocalDescription(await pc.createOffer())
        return {"sdp": pc.localDescription.sdp}

    async def op_answer(self, req):
        pc = self.peer()
        await pc.setRemoteDescription(RTCSessionDescription(sdp=req["sdp"], type="offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        return {"sdp": pc.localDescription.sdp}

    async def op_accept(self, req):
        await self.peer().setRemoteDescription(RTCSessionDescription(sdp=req["sdp"], type="answer"))
        return {}

    async def op_open(self, req):
        for spec in req.get("channels", []):
            self.create_channel(spec)
        return {}

    async def op_close(self, req):
        entry = self.channels.get(req.get("label"))
        if entry is None:
            raise ValueError("no channel '%s'" % req.get("label"))
        entry["dc"].close()
        return {}

    async def op_stats(self, req):
        counts = {"audio": 0, "video": 0}
        if self.pc is not None:
            report = await self.pc.getStats()
            for s in report.values():
                if s.type == "inbound-rtp" and s.kind in counts:
                    counts[s.kind] += s.packetsReceived
        return {
            "connectionState": self.pc.connectionState if self.pc else "new",
            "audioPackets": counts["audio"],
            "videoPackets": counts["video"],
            "channels": [
                {"label": label, "state": e["dc"].readyState if e["state"] == "open" else e["state"],
                 "messagesReceived": e["received"], "bytesReceived": e["bytes"]}
                for label, e in self.channels.items()
            ],
        }

    async def close(self):
        if self.pc is not None:
            try:
                await asyncio.wait_for(self.pc.close(), 2)
            except Exception as e:  # noqa: BLE001 - leaving anyway
                log.warning("close: %s", e)


async def main():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=16 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    peer = Peer()
    emit({"event": "ready", "stack": "aiortc", "version": aiortc.__version__})
    tasks = set()

    async def handle(req):
        rid = req.get("id")
        try:
            op = getattr(peer, "op_" + str(req.get("op")), None)
            if op is None:
                raise ValueError("unknown op '%s'" % req.get("op"))
            emit({"id": rid, **(await op(req))})
        except Exception as e:  # noqa: BLE001 - the error goes back to the caller
            log.exception("%s failed", req.get("op"))
            emit({"id": rid, "error": "%s: %s" % (type(e).__name__, e)})

    while True:
        line = await reader.readline()
        if not line:
            break  # the Java side closed stdin or died: never outlive it
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
        except ValueError:
            emit({"error": "not JSON: %r" % line[:100]})
            continue
        if req.get("op") == "exit":
            emit({"id": req.get("id")})
            break
        task = asyncio.ensure_future(handle(req))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await peer.close()


if __name__ == "__main__":
    asyncio.run(main())
