// A WebRTC peer for jrtc's interop suite, driven by JSON lines on stdin; answers and events go to stdout as JSON
// lines, logs to stderr. One program serves four stacks through their W3C-style RTCPeerConnection:
//   node peer.js libdatachannel | libwebrtc | werift | chromium
// (chromium: headless Chromium driven over the DevTools protocol on a pipe; the same peer code runs in its page).
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

// ---------------------------------------------------------------------------------------------------- the peer

// The peer itself, over any W3C-style RTCPeerConnection. It must stay self-contained (no Node APIs, nothing from
// this file's scope): for Chromium its source text is evaluated in the browser page.
// impl: create() makes a connection gathering on loopback only; addRecv(pc, kind) asks for remote media;
// mediaPackets(pc) resolves to {audio, video}, the RTP packets received.
function makePeer(impl, emit, log) {
  let pc = null;
  const channels = new Map(); // label -> {dc, received, bytes, state}

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
      entry.bytes += typeof data === 'string' ? new TextEncoder().encode(data).length : data.byteLength;
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

  // Non-trickle: the description is handed out once gathering is complete, with every candidate in it.
  function localSdp(p) {
    return new Promise((resolve) => {
      const done = () => p.iceGatheringState === 'complete';
      if (done()) return resolve(p.localDescription.sdp);
      const check = () => {
        if (done()) {
          p.removeEventListener('icegatheringstatechange', check);
          resolve(p.localDescription.sdp);
        }
      };
      p.addEventListener('icegatheringstatechange', check);
    });
  }

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
  };

  return {
    handle(req) {
      const op = ops[req.op];
      if (!op) return Promise.reject(new Error(`unknown op '${req.op}'`));
      return op(req);
    },
    close() {
      if (pc) pc.close();
    },
  };
}

// The stack-specific part for a browser-shaped RTCPeerConnection (libwebrtc in Node, Chromium's page); also
// evaluated in the page, so also self-contained.
function standardImpl(RTCPeerConnection) {
  return {
    create() {
      return new RTCPeerConnection({ iceServers: [] });
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
}

// ---------------------------------------------------------------------------------------------------- stacks

// Each stack resolves to {name, version, handle(req) -> Promise of the answer's fields, close() -> Promise}.
const stacks = {
  async libdatachannel() {
    const ndc = require('node-datachannel');
    const polyfill = require('node-datachannel/polyfill');
    // JRTC_PEER_DEBUG=1 in the environment turns on libdatachannel's own logs (ICE, DTLS, SCTP) on stderr.
    if (process.env.JRTC_PEER_DEBUG) ndc.initLogger('Verbose', (level, message) => log(`[${level}] ${message}`));
    const counts = { audio: 0, video: 0 };
    const tracks = [];
    const countTrack = (track) => {
      tracks.push(track); // keep a reference: the native callbacks die with the JS object
      const kind = track.type();
      track.onMessage((msg) => {
        // RTCP (RFC 5761 §4: payload types 64..95 once the marker bit is masked off) is not media.
        const pt = msg.length > 1 ? msg[1] & 0x7f : 0;
        if (pt >= 64 && pt <= 95) return;
        if (kind === 'audio' || kind === 'video') counts[kind]++;
      });
    };
    let mids = 0;
    const impl = {
      create() {
        // The polyfill has no media API; the native connection it wraps has, so we make that ourselves.
        const native = new ndc.PeerConnection('jrtc-interop', { iceServers: [], bindAddress: LOOPBACK });
        native.onTrack(countTrack);
        const pc = new polyfill.RTCPeerConnection({ peerConnection: native, iceServers: [] });
        pc.jrtcNative = native;
        return pc;
      },
      addRecv(pc, kind) {
        mids++;
        if (kind === 'audio') {
          const audio = new ndc.Audio(`a${mids}`, 'RecvOnly');
          audio.addOpusCodec(111);
          countTrack(pc.jrtcNative.addTrack(audio));
        } else {
          const video = new ndc.Video(`v${mids}`, 'RecvOnly');
          video.addVP8Codec(96);
          countTrack(pc.jrtcNative.addTrack(video));
        }
      },
      async mediaPackets() {
        return counts;
      },
    };
    const peer = makePeer(impl, emit, log);
    return {
      name: 'node-datachannel',
      version: `${version('node-datachannel')} (libdatachannel ${ndc.getLibraryVersion ? ndc.getLibraryVersion() : '?'})`,
      handle: peer.handle,
      close: async () => peer.close(),
    };
  },

  async libwebrtc() {
    const wrtc = require('@roamhq/wrtc');
    // libwebrtc has no address filter here; the tests' network namespace has nothing but loopback, and the Java
    // side drops any other candidate from the SDP.
    const peer = makePeer(standardImpl(wrtc.RTCPeerConnection), emit, log);
    return { name: '@roamhq/wrtc', version: `${version('@roamhq/wrtc')} (libwebrtc)`, handle: peer.handle, close: async () => peer.close() };
  },

  async werift() {
    const werift = require('werift');
    const counts = { audio: 0, video: 0 };
    const impl = {
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
    const peer = makePeer(impl, emit, log);
    return { name: 'werift', version: version('werift'), handle: peer.handle, close: async () => peer.close() };
  },

  chromium: () => startChromium(),
};

// Headless Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on fd 3, replies and
// events on fd 4, each a JSON text ended by a NUL byte). makePeer runs in its page; events come back through a
// Runtime binding.
async function startChromium() {
  const { spawn } = require('child_process');
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const { StringDecoder } = require('string_decoder');
  const binary = process.env.JRTC_CHROMIUM || '/usr/bin/chromium';
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jrtc-chromium-'));
  const child = spawn(binary, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-extensions',
    // No crash handler: it detaches from the browser's process tree, so ending that tree would not end it.
    '--disable-crash-reporter', '--disable-breakpad',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
    // Loopback candidates, as raw addresses rather than mDNS names (nothing resolves those in a bare namespace).
    '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--remote-debugging-pipe', 'about:blank',
  ], { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] });
  let closing = false;
  const cleanup = () => {
    try {
      child.kill('SIGKILL');
    } catch (e) {
      // already gone
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => log(`[browser] ${line}`));
  }

  const pending = new Map();
  let nextId = 1;
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  fromBrowser.on('data', (chunk) => {
    buffer += decoder.write(chunk);
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const msg = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      dispatch(msg);
    }
  });
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`chromium exited (${code ?? signal})`));
    pending.clear();
    if (!closing) {
      log(`chromium exited unexpectedly (${code ?? signal})`);
      process.exit(4);
    }
  });

  function send(method, params = {}, sessionId = undefined) {
    const id = nextId++;
    toBrowser.write(JSON.stringify({ id, method, params, sessionId }) + '\0');
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
  }

  function dispatch(msg) {
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    } else if (msg.method === 'Runtime.bindingCalled' && msg.params.name === 'jrtcEmit') {
      emit(JSON.parse(msg.params.payload));
    } else if (msg.method === 'Runtime.consoleAPICalled') {
      log(`[page] ${msg.params.args.map((a) => (a.value !== undefined ? a.value : a.description)).join(' ')}`);
    } else if (msg.method === 'Runtime.exceptionThrown') {
      const d = msg.params.exceptionDetails;
      log(`[page] uncaught ${d.exception && d.exception.description ? d.exception.description : d.text}`);
    }
  }

  const browser = await send('Browser.getVersion');
  const { targetInfos } = await send('Target.getTargets');
  let page = targetInfos.find((t) => t.type === 'page');
  const targetId = page ? page.targetId : (await send('Target.createTarget', { url: 'about:blank' })).targetId;
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  await send('Runtime.enable', {}, sessionId);
  await send('Runtime.addBinding', { name: 'jrtcEmit' }, sessionId);

  async function evaluate(expression) {
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      const text = d.exception && d.exception.description ? d.exception.description : d.text;
      throw new Error(String(text).split('\n')[0].replace(/^Error: /, ''));
    }
    return r.result.value;
  }

  await evaluate(`(() => {
    const impl = (${standardImpl.toString()})(RTCPeerConnection);
    window.jrtcPeer = (${makePeer.toString()})(impl, (o) => jrtcEmit(JSON.stringify(o)), (...a) => console.log(...a));
    return true;
  })()`);

  return {
    name: 'chromium',
    version: browser.product,
    handle: (req) => evaluate(`window.jrtcPeer.handle(${JSON.stringify(req)})`),
    async close() {
      closing = true;
      try {
        await Promise.race([evaluate('window.jrtcPeer.close(), true'), new Promise((r) => setTimeout(r, 1000))]);
        await Promise.race([send('Browser.close'), new Promise((r) => setTimeout(r, 2000))]);
      } catch (e) {
        log(`browser close: ${e}`);
      }
      cleanup();
    },
  };
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  if (!stacks[stack]) {
    log(`unknown stack '${stack}': use one of ${Object.keys(stacks).join(', ')}`);
    process.exit(2);
  }
  let impl;
  try {
    impl = await stacks[stack]();
  } catch (e) {
    log(`cannot start ${stack}: ${e && e.stack ? e.stack : e}`);
    process.exit(3);
  }

  let exiting = false;
  const shutdown = async () => {
    if (exiting) return;
    exiting = true;
    // Leave even if a native thread lingers in close().
    setTimeout(() => process.exit(0), 5000).unref();
    try {
      await impl.close();
    } catch (e) {
      log(`close: ${e}`);
    }
    setTimeout(() => process.exit(0), 200);
  };

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
    if (req.op === 'exit') {
      emit({ id: req.id });
      shutdown();
      return;
    }
    try {
      emit({ id: req.id, ...(await impl.handle(req)) });
    } catch (e) {
      log(`${req.op} failed: ${e && e.stack ? e.stack : e}`);
      emit({ id: req.id, error: String(e && e.message ? e.message : e) });
    }
  });
  // The Java side closes stdin (or dies): never outlive it.
  lines.on('close', shutdown);
  process.on('uncaughtException', (e) => log(`uncaught: ${e && e.stack ? e.stack : e}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e && e.stack ? e.stack : e}`));

  emit({ event: 'ready', stack: impl.name, version: impl.version });
}

main();
