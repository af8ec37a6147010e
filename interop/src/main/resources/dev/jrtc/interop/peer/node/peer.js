// A WebRTC peer for jrtc's interop suite, driven by JSON lines on stdin; answers and events go to stdout as JSON
// lines, logs to stderr. One program serves three npm stacks through their W3C-style RTCPeerConnection:
//   node peer.js libdatachannel | libwebrtc | werift
// The protocol is described in the Javadoc of the Java package dev.jrtc.interop.peer. Every data-channel message
// is echoed back on its channel, as text or binary as it came. Gathering is restricted to 127.0.0.1.
'use strict';

const readline = require('readline');

const stack = process.argv[2];
const LOOPBACK = '127.0.0.1';

function log(...args) {
  process.stderr.write(`[${stack}] ${args.join(' ')}\n`);
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// The installed version of a package (its package.json may be hidden by an "exports" map, so it is read directly).
function version(pkg) {
  try {
    const path = require('path');
    const fs = require('fs');
    let dir = path.dirname(require.resolve(pkg));
    for (;;) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const json = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (json.name === pkg) return json.version;
      }
      const up = path.dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch (e) {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------------- stacks

// Each stack: create() makes an RTCPeerConnection gathering on loopback only; addRecv(pc, kind) asks for media
// from the remote side; media counts come from mediaPackets(pc) (a promise of {audio, video}).
const stacks = {
  libdatachannel() {
    const ndc = require('node-datachannel');
    const polyfill = require('node-datachannel/polyfill');
    const counts = { audio: 0, video: 0 };
    const tracks = [];
    const countTrack = (track) => {
      tracks.push(track); // keep a reference: the native callbacks die with the JS object
      const kind = track.type();
      track.onMessage((msg) => {
        // RTCP (RFC 5761 §4: payload types 192..223 in the second byte) is not media.
        const pt = msg.length > 1 ? msg[1] & 0x7f : 0;
        if (pt >= 64 && pt <= 95) return;
        if (kind === 'audio' || kind === 'video') counts[kind]++;
      });
    };
    return {
      name: 'node-datachannel',
      version: `${version('node-datachannel')} (libdatachannel ${ndc.getLibraryVersion ? ndc.getLibraryVersion() : '?'})`,
      create() {
        // The polyfill has no media API; the native connection it wraps has, so we make it ourselves.
        const native = new ndc.PeerConnection('jrtc-interop', { iceServers: [], bindAddress: LOOPBACK });
        native.onTrack(countTrack);
        const pc = new polyfill.RTCPeerConnection({ peerConnection: native, iceServers: [] });
        pc._native = native;
        return pc;
      },
      addRecv(pc, kind) {
        const mid = String(pc._mids = (pc._mids || 0) + 1);
        if (kind === 'audio') {
          const audio = new ndc.Audio(`a${mid}`, 'RecvOnly');
          audio.addOpusCodec(111);
          countTrack(pc._native.addTrack(audio));
        } else {
          const video = new ndc.Video(`v${mid}`, 'RecvOnly');
          video.addVP8Codec(96);
          countTrack(pc._native.addTrack(video));
        }
      },
      async mediaPackets() {
        return counts;
      },
    };
  },

  libwebrtc() {
    const wrtc = require('@roamhq/wrtc');
    return {
      name: '@roamhq/wrtc',
      version: `${version('@roamhq/wrtc')} (libwebrtc)`,
      create() {
        // libwebrtc has no address filter here; the test's network namespace has nothing but loopback.
        return new wrtc.RTCPeerConnection({ iceServers: [] });
      },
      addRecv(pc, kind) {
        pc.addTransceiver(kind, { direction: 'recvonly' });
      },
      async mediaPackets(pc) {
        const counts = { audio: 0, video: 0 };
        const report = await pc.getStats();
        report.forEach((s) => {
          if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) counts[s.kind] += s.packetsReceived || 0;
        });
        return counts;
      },
    };
  },

  werift() {
    const werift = require('werift');
    const counts = { audio: 0, video: 0 };
    return {
      name: 'werift',
      version: version('werift'),
      create() {
        const pc = new werift.RTCPeerConnection({
          iceServers: [], // its default is a public STUN server
          bundlePolicy: 'max-bundle',
          // No interface addresses at all, then 127.0.0.1 as the one extra host address, bound by its socket.
          iceUseIpv4: false,
          iceUseIpv6: false,
          iceAdditionalHostAddresses: [LOOPBACK],
          iceInterfaceAddresses: { udp4: LOOPBACK },
        });
        pc.addEventListener('track', (e) => {
          const kind = e.track.kind;
          e.track.onReceiveRtp.subscribe(() => counts[kind]++);
        });
        return pc;
      },
      addRecv(pc, kind) {
        pc.addTransceiver(kind, { direction: 'recvonly' });
      },
      async mediaPackets() {
        return counts;
      },
    };
  },
};

if (!stacks[stack]) {
  log(`unknown stack '${stack}': use one of ${Object.keys(stacks).join(', ')}`);
  process.exit(2);
}

let impl;
try {
  impl = stacks[stack]();
} catch (e) {
  log(`cannot load ${stack}: ${e && e.stack ? e.stack : e}`);
  process.exit(3);
}

// ---------------------------------------------------------------------------------------------------- state

let pc = null;
const channels = new Map(); // label -> {dc, received, bytes}

function peer() {
  if (!pc) {
    pc = impl.create();
    pc.addEventListener('connectionstatechange', () => emit({ event: 'connection-state', state: pc.connectionState }));
    pc.addEventListener('datachannel', (e) => wire(e.channel));
  }
  return pc;
}

function wire(dc) {
  dc.binaryType = 'arraybuffer';
  const entry = { dc, received: 0, bytes: 0, state: dc.readyState };
  channels.set(dc.label, entry);
  const opened = () => {
    entry.state = 'open';
    emit({ event: 'channel-open', label: dc.label, id: dc.id, ordered: dc.ordered, protocol: dc.protocol });
  };
  if (dc.readyState === 'open') opened();
  else dc.addEventListener('open', opened);
  dc.addEventListener('close', () => {
    entry.state = 'closed';
    emit({ event: 'channel-close', label: dc.label });
  });
  dc.addEventListener('message', (e) => {
    const data = e.data;
    entry.received++;
    entry.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    try {
      dc.send(data); // the echo: a string stays a string, binary stays binary
    } catch (err) {
      log(`echo on '${dc.label}' failed: ${err}`);
    }
  });
}

function channelInit(spec) {
  const init = { ordered: spec.ordered !== false };
  if (spec.maxRetransmits !== undefined && spec.maxRetransmits !== null) init.maxRetransmits = spec.maxRetransmits;
  if (spec.maxPacketLifeTime !== undefined && spec.maxPacketLifeTime !== null) init.maxPacketLifeTime = spec.maxPacketLifeTime;
  if (spec.protocol) init.protocol = spec.protocol;
  if (spec.negotiated) {
    init.negotiated = true;
    init.id = spec.id;
  }
  return init;
}

function gathered(p) {
  return new Promise((resolve) => {
    if (p.iceGatheringState === 'complete') return resolve();
    const check = () => {
      if (p.iceGatheringState === 'complete') {
        p.removeEventListener('icegatheringstatechange', check);
        resolve();
      }
    };
    p.addEventListener('icegatheringstatechange', check);
  });
}

async function localSdp(p) {
  await gathered(p);
  return p.localDescription.sdp;
}

// ---------------------------------------------------------------------------------------------------- ops

const ops = {
  async offer(req) {
    const p = peer();
    // Media first: libdatachannel negotiates on its own at the first channel, so tracks must already be there.
    if (req.audio) impl.addRecv(p, 'audio');
    if (req.video) impl.addRecv(p, 'video');
    for (const spec of req.channels || []) wire(p.createDataChannel(spec.label, channelInit(spec)));
    await p.setLocalDescription(await p.createOffer());
    return { sdp: await localSdp(p) };
  },
  async answer(req) {
    const p = peer();
    await p.setRemoteDescription({ type: 'offer', sdp: req.sdp });
    await p.setLocalDescription(await p.createAnswer());
    return { sdp: await localSdp(p) };
  },
  async accept(req) {
    await peer().setRemoteDescription({ type: 'answer', sdp: req.sdp });
    return {};
  },
  async open(req) {
    const p = peer();
    for (const spec of req.channels || []) wire(p.createDataChannel(spec.label, channelInit(spec)));
    return {};
  },
  async close(req) {
    const entry = channels.get(req.label);
    if (!entry) throw new Error(`no channel '${req.label}'`);
    entry.dc.close();
    return {};
  },
  async stats() {
    const media = pc ? await impl.mediaPackets(pc) : { audio: 0, video: 0 };
    return {
      connectionState: pc ? pc.connectionState : 'new',
      audioPackets: media.audio,
      videoPackets: media.video,
      channels: [...channels.values()].map((c) => ({
        label: c.dc.label,
        state: c.state === 'open' ? c.dc.readyState : c.state,
        messagesReceived: c.received,
        bytesReceived: c.bytes,
      })),
    };
  },
  async exit() {
    shutdown(0);
    return {};
  },
};

let exiting = false;
function shutdown(code) {
  if (exiting) return;
  exiting = true;
  try {
    if (pc) pc.close();
  } catch (e) {
    log(`close: ${e}`);
  }
  // Let the reply and the close go out, then leave even if a native thread lingers.
  setTimeout(() => process.exit(code), 200).unref();
  setTimeout(() => process.exit(code), 200);
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  if (!line.trim()) return;
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    emit({ error: `not JSON: ${line.slice(0, 100)}` });
    return;
  }
  const op = ops[req.op];
  if (!op) {
    emit({ id: req.id, error: `unknown op '${req.op}'` });
    return;
  }
  try {
    emit({ id: req.id, ...(await op(req)) });
  } catch (e) {
    log(`${req.op} failed: ${e && e.stack ? e.stack : e}`);
    emit({ id: req.id, error: String(e && e.message ? e.message : e) });
  }
});
// The Java side closes stdin (or dies): never outlive it.
lines.on('close', () => shutdown(0));
process.on('uncaughtException', (e) => log(`uncaught: ${e && e.stack ? e.stack : e}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e && e.stack ? e.stack : e}`));

emit({ event: 'ready', stack: impl.name, version: impl.version });
