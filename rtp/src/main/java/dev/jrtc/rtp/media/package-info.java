/**
 * Media payloads and files: codec packetizers and depacketizers for RTP, and the containers test media comes in.
 *
 * <table>
 * <caption>Codecs</caption>
 * <tr><th>codec</th><th>payload format</th><th>frame in / out</th><th>file</th></tr>
 * <tr><td>Opus</td><td>RFC 7587</td><td>one Opus packet</td><td>{@link dev.jrtc.rtp.media.OggOpusReader} /
 *     {@link dev.jrtc.rtp.media.OggOpusWriter} (RFC 7845 on RFC 3533 pages)</td></tr>
 * <tr><td>VP8</td><td>RFC 7741</td><td>a VP8 frame</td><td>{@link dev.jrtc.rtp.media.IvfReader} /
 *     {@link dev.jrtc.rtp.media.IvfWriter}</td></tr>
 * <tr><td>VP9</td><td>RFC 9628 (non-flexible sent; both modes read)</td><td>a VP9 frame</td><td>IVF</td></tr>
 * <tr><td>H.264</td><td>RFC 6184 packetization-mode 1 (single NAL unit, STAP-A, FU-A)</td><td>an Annex B access
 *     unit</td><td>{@link dev.jrtc.rtp.media.AnnexBReader} / {@link dev.jrtc.rtp.media.AnnexBWriter}</td></tr>
 * <tr><td>AV1</td><td>AOM AV1 RTP payload v1.0</td><td>a temporal unit (low-overhead OBUs)</td><td>IVF</td></tr>
 * </table>
 *
 * <p>Sending: a {@link dev.jrtc.rtp.media.Packetizer} cuts a frame into payloads no larger than its limit and says
 * which one carries the marker; the caller writes RTP headers in front, or lets
 * {@link dev.jrtc.rtp.media.RtpPacketizer} do it with a {@link dev.jrtc.rtp.RtpHeaderWriter}. Receiving: payloads
 * in sequence order (a jitter buffer's output) go into a {@link dev.jrtc.rtp.media.Depacketizer}, which hands back
 * complete frames and discards and counts incomplete ones; its {@code isFrameStart}, {@code isKeyFrame} and
 * {@code isFrameEnd} read single payloads for a jitter buffer. Both allocate nothing per packet once warmed: frames
 * and payloads live in buffers whose owner each method's Javadoc names.
 */
package dev.jrtc.rtp.media;
