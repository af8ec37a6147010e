// The browser half of the jrtc media examples: send the whole offer once ICE gathering is complete, apply the answer.
const jrtc = {
  async connect(pc, url) {
    await pc.setLocalDescription();
    await new Promise(resolve => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    const response = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/sdp'}, body: pc.localDescription.sdp});
    if (!response.ok) throw new Error('the server said ' + response.status + ': ' + await response.text());
    await pc.setRemoteDescription({type: 'answer', sdp: await response.text()});
  },
  // One line per second under the video: what the browser decodes.
  showStats(pc, element) {
    setInterval(async () => {
      const lines = [];
      (await pc.getStats()).forEach(s => {
        if (s.type === 'inbound-rtp') lines.push(s.kind + ': ' + s.packetsReceived + ' packets' +
            (s.kind === 'video' ? ', ' + s.framesDecoded + ' frames decoded, ' + (s.frameWidth || 0) + 'x' + (s.frameHeight || 0) : ''));
        if (s.type === 'outbound-rtp') lines.push('sending ' + s.kind + ': ' + s.packetsSent + ' packets' +
            (s.rid ? ' (rid ' + s.rid + ', ' + (s.frameWidth || 0) + 'x' + (s.frameHeight || 0) + ')' : ''));
      });
      element.textContent = lines.join('\n');
    }, 1000);
  },
};
