// A WebRTC peer for jrtc's interop suite on pion/webrtc v3, driven by JSON lines on stdin; answers and events go to
// stdout as JSON lines, logs to stderr. The protocol is described in the Javadoc of the Java package
// dev.jrtc.interop.peer. Every data-channel message is echoed back on its channel, as text or binary as it came.
// Gathering is restricted to 127.0.0.1.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/ice/v2"
	"github.com/pion/interceptor"
	"github.com/pion/logging"
	"github.com/pion/webrtc/v3"
)

// version is the pion/webrtc release Debian packages as golang-github-pion-webrtc.v3-dev (no module metadata in
// GOPATH mode to read it from).
const version = "v3.1.56"

var out = json.NewEncoder(os.Stdout)
var outMu sync.Mutex

func emit(v map[string]interface{}) {
	outMu.Lock()
	defer outMu.Unlock()
	if err := out.Encode(v); err != nil {
		fmt.Fprintf(os.Stderr, "[pion] stdout: %v\n", err)
	}
}

func logf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "[pion] "+format+"\n", args...)
}

type channel struct {
	dc       *webrtc.DataChannel
	received int64
	bytes    int64
	closed   int32
}

type peer struct {
	api      *webrtc.API
	mu       sync.Mutex
	pc       *webrtc.PeerConnection
	channels map[string]*channel
	audio    int64
	video    int64
}

func newAPI() (*webrtc.API, error) {
	s := webrtc.SettingEngine{}
	// Loopback only: pion skips loopback addresses unless told, and takes every interface otherwise.
	s.SetIncludeLoopbackCandidate(true)
	s.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() && ip.To4() != nil })
	s.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	s.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	// pion logs to stdout by default; stdout is the protocol.
	s.LoggerFactory = &logging.DefaultLoggerFactory{Writer: os.Stderr, DefaultLogLevel: logging.LogLevelWarn,
		ScopeLevels: map[string]logging.LogLevel{}}
	m := &webrtc.MediaEngine{}
	if err := m.RegisterDefaultCodecs(); err != nil {
		return nil, err
	}
	i := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(m, i); err != nil {
		return nil, err
	}
	return webrtc.NewAPI(webrtc.WithSettingEngine(s), webrtc.WithMediaEngine(m), webrtc.WithInterceptorRegistry(i)), nil
}

func (p *peer) get() (*webrtc.PeerConnection, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pc != nil {
		return p.pc, nil
	}
	pc, err := p.api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		emit(map[string]interface{}{"event": "connection-state", "state": s.String()})
	})
	pc.OnDataChannel(func(dc *webrtc.DataChannel) { p.wire(dc) })
	pc.OnTrack(func(track *webrtc.TrackRemote, receiver *webrtc.RTPReceiver) {
		counter := &p.audio
		if track.Kind() == webrtc.RTPCodecTypeVideo {
			counter = &p.video
		}
		go func() {
			for {
				if _, _, err := track.ReadRTP(); err != nil {
					return
				}
				atomic.AddInt64(counter, 1)
			}
		}()
		go func() { // the interceptors need RTCP read
			for {
				if _, _, err := receiver.ReadRTCP(); err != nil {
					return
				}
			}
		}()
	})
	p.pc = pc
	return pc, nil
}

func (p *peer) wire(dc *webrtc.DataChannel) {
	c := &channel{dc: dc}
	p.mu.Lock()
	p.channels[dc.Label()] = c
	p.mu.Unlock()
	dc.OnOpen(func() {
		ev := map[string]interface{}{"event": "channel-open", "label": dc.Label(), "ordered": dc.Ordered(), "protocol": dc.Protocol()}
		if id := dc.ID(); id != nil {
			ev["id"] = *id
		}
		emit(ev)
	})
	dc.OnClose(func() {
		if atomic.CompareAndSwapInt32(&c.closed, 0, 1) {
			emit(map[string]interface{}{"event": "channel-close", "label": dc.Label()})
		}
	})
	dc.OnMessage(func(msg webrtc.DataChannelMessage) {
		atomic.AddInt64(&c.received, 1)
		atomic.AddInt64(&c.bytes, int64(len(msg.Data)))
		var err error
		if msg.IsString { // the echo: text stays text, binary stays binary
			err = dc.SendText(string(msg.Data))
		} else {
			err = dc.Send(msg.Data)
		}
		if err != nil {
			logf("echo on '%s' failed: %v", dc.Label(), err)
		}
	})
}

type channelSpec struct {
	Label             string  `json:"label"`
	Ordered           *bool   `json:"ordered"`
	MaxRetransmits    *uint16 `json:"maxRetransmits"`
	MaxPacketLifeTime *uint16 `json:"maxPacketLifeTime"`
	Protocol          *string `json:"protocol"`
	Negotiated        *bool   `json:"negotiated"`
	ID                *uint16 `json:"id"`
}

type request struct {
	ID       int64         `json:"id"`
	Op       string        `json:"op"`
	SDP      string        `json:"sdp"`
	Label    string        `json:"label"`
	Audio    bool          `json:"audio"`
	Video    bool          `json:"video"`
	Channels []channelSpec `json:"channels"`
}

func (p *peer) createChannels(pc *webrtc.PeerConnection, specs []channelSpec) error {
	for _, s := range specs {
		init := &webrtc.DataChannelInit{Ordered: s.Ordered, MaxRetransmits: s.MaxRetransmits,
			MaxPacketLifeTime: s.MaxPacketLifeTime, Protocol: s.Protocol, Negotiated: s.Negotiated, ID: s.ID}
		dc, err := pc.CreateDataChannel(s.Label, init)
		if err != nil {
			return err
		}
		p.wire(dc)
	}
	return nil
}

// localSDP applies the description and waits for gathering to complete: the SDP then has every candidate.
func localSDP(pc *webrtc.PeerConnection, d webrtc.SessionDescription) (string, error) {
	done := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(d); err != nil {
		return "", err
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		return "", fmt.Errorf("ICE gathering did not complete in 20 s")
	}
	return pc.LocalDescription().SDP, nil
}

func (p *peer) handle(r request) (map[string]interface{}, error) {
	switch r.Op {
	case "offer":
		pc, err := p.get()
		if err != nil {
			return nil, err
		}
		recv := webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}
		if r.Audio {
			if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeAudio, recv); err != nil {
				return nil, err
			}
		}
		if r.Video {
			if _, err := pc.AddTransceiverFromKind(webrtc.RTPCodecTypeVideo, recv); err != nil {
				return nil, err
			}
		}
		if err := p.createChannels(pc, r.Channels); err != nil {
			return nil, err
		}
		offer, err := pc.CreateOffer(nil)
		if err != nil {
			return nil, err
		}
		sdp, err := localSDP(pc, offer)
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"sdp": sdp}, nil
	case "answer":
		pc, err := p.get()
		if err != nil {
			return nil, err
		}
		if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: r.SDP}); err != nil {
			return nil, err
		}
		answer, err := pc.CreateAnswer(nil)
		if err != nil {
			return nil, err
		}
		sdp, err := localSDP(pc, answer)
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"sdp": sdp}, nil
	case "accept":
		pc, err := p.get()
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{}, pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: r.SDP})
	case "open":
		pc, err := p.get()
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{}, p.createChannels(pc, r.Channels)
	case "close":
		p.mu.Lock()
		c := p.channels[r.Label]
		p.mu.Unlock()
		if c == nil {
			return nil, fmt.Errorf("no channel '%s'", r.Label)
		}
		return map[string]interface{}{}, c.dc.Close()
	case "stats":
		state := "new"
		p.mu.Lock()
		if p.pc != nil {
			state = p.pc.ConnectionState().String()
		}
		list := []map[string]interface{}{}
		for label, c := range p.channels {
			list = append(list, map[string]interface{}{"label": label, "state": c.dc.ReadyState().String(),
				"messagesReceived": atomic.LoadInt64(&c.received), "bytesReceived": atomic.LoadInt64(&c.bytes)})
		}
		p.mu.Unlock()
		return map[string]interface{}{"connectionState": state, "audioPackets": atomic.LoadInt64(&p.audio),
			"videoPackets": atomic.LoadInt64(&p.video), "channels": list}, nil
	}
	return nil, fmt.Errorf("unknown op '%s'", r.Op)
}

func main() {
	api, err := newAPI()
	if err != nil {
		logf("cannot set up pion: %v", err)
		os.Exit(3)
	}
	p := &peer{api: api, channels: map[string]*channel{}}
	emit(map[string]interface{}{"event": "ready", "stack": "pion/webrtc", "version": version})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		var r request
		if err := json.Unmarshal(line, &r); err != nil {
			emit(map[string]interface{}{"error": fmt.Sprintf("not JSON: %v", err)})
			continue
		}
		if r.Op == "exit" {
			emit(map[string]interface{}{"id": r.ID})
			break
		}
		go func(r request) {
			res, err := p.handle(r)
			if err != nil {
				logf("%s failed: %v", r.Op, err)
				emit(map[string]interface{}{"id": r.ID, "error": err.Error()})
				return
			}
			res["id"] = r.ID
			emit(res)
		}(r)
	}
	// stdin closed (or exit): the Java side is done with us; never outlive it.
	p.mu.Lock()
	pc := p.pc
	p.mu.Unlock()
	if pc != nil {
		done := make(chan struct{})
		go func() { _ = pc.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}
}
