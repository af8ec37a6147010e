/**
 * Not API: helpers the ice module shares with jrtc's other modules (IP literal parsing and formatting without DNS,
 * RFC 4291 §2.2 and RFC 5952). Public only because Java has no module-private visibility across packages; may
 * change or disappear in any release without notice.
 */
package dev.jrtc.ice.internal;
