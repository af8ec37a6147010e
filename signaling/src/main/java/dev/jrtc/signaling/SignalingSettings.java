package dev.jrtc.signaling;

import java.time.Duration;

/**
 * The limits and timers of a {@link SignalingServer}; every resource a client can make the server hold is bounded
 * here. Immutable: the {@code with*} methods return a changed copy.
 *
 * @param maxMembersPerRoom members one room may hold; a further join is answered with an error
 * @param maxRooms rooms that may exist at once
 * @param maxConnections open TCP connections (HTTP and WebSocket); more are closed at once
 * @param maxMessageChars the longest WebSocket text message answered normally; longer ones get an error reply, and
 *     frames beyond four times this close the socket (status 1009)
 * @param maxRoomLength the longest room name (names are 1..max of {@code [A-Za-z0-9_.-]})
 * @param maxNameLength the longest member display name (1..max characters, no control characters)
 * @param pingInterval a WebSocket that has been silent this long is pinged; an HTTP connection is closed
 * @param maxMissedPongs silent ping intervals in a row after which the WebSocket is closed
 * @param offerTimeout how long {@code POST /offer} waits for the {@link OfferHandler} before answering 503
 * @param maxPendingOffers offers handled at once; more are answered 503
 */
public record SignalingSettings(int maxMembersPerRoom, int maxRooms, int maxConnections, int maxMessageChars,
        int maxRoomLength, int maxNameLength, Duration pingInterval, int maxMissedPongs, Duration offerTimeout,
        int maxPendingOffers) {

    public SignalingSettings {
        positive("maxMembersPerRoom", maxMembersPerRoom);
        positive("maxRooms", maxRooms);
        positive("maxConnections", maxConnections);
        positive("maxMessageChars", maxMessageChars);
        positive("maxRoomLength", maxRoomLength);
        positive("maxNameLength", maxNameLength);
        positive("maxMissedPongs", maxMissedPongs);
        positive("maxPendingOffers", maxPendingOffers);
        if (pingInterval == null || pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive, was " + pingInterval);
        }
        if (offerTimeout == null || offerTimeout.isNegative() || offerTimeout.isZero()) {
            throw new IllegalArgumentException("offerTimeout must be positive, was " + offerTimeout);
        }
    }

    /** 16 members per room, 1000 rooms, 1024 connections, 64 KiB messages, ping every 20 s, close after 2 missed. */
    public static SignalingSettings defaults() {
        return new SignalingSettings(16, 1000, 1024, 64 * 1024, 64, 64, Duration.ofSeconds(20), 2,
                Duration.ofSeconds(10), 32);
    }

    public SignalingSettings withMaxMembersPerRoom(int n) {
        return new SignalingSettings(n, maxRooms, maxConnections, maxMessageChars, maxRoomLength, maxNameLength,
                pingInterval, maxMissedPongs, offerTimeout, maxPendingOffers);
    }

    public SignalingSettings withMaxRooms(int n) {
        return new SignalingSettings(maxMembersPerRoom, n, maxConnections, maxMessageChars, maxRoomLength,
                maxNameLength, pingInterval, maxMissedPongs, offerTimeout, maxPendingOffers);
    }

    public SignalingSettings withMaxConnections(int n) {
        return new SignalingSettings(maxMembersPerRoom, maxRooms, n, maxMessageChars, maxRoomLength, maxNameLength,
                pingInterval, maxMissedPongs, offerTimeout, maxPendingOffers);
    }

    public SignalingSettings withMaxMessageChars(int n) {
        return new SignalingSettings(maxMembersPerRoom, maxRooms, maxConnections, n, maxRoomLength, maxNameLength,
                pingInterval, maxMissedPongs, offerTimeout, maxPendingOffers);
    }

    public SignalingSettings withPing(Duration interval, int missedPongs) {
        return new SignalingSettings(maxMembersPerRoom, maxRooms, maxConnections, maxMessageChars, maxRoomLength,
                maxNameLength, interval, missedPongs, offerTimeout, maxPendingOffers);
    }

    public SignalingSettings withOfferTimeout(Duration timeout) {
        return new SignalingSettings(maxMembersPerRoom, maxRooms, maxConnections, maxMessageChars, maxRoomLength,
                maxNameLength, pingInterval, maxMissedPongs, timeout, maxPendingOffers);
    }

    public SignalingSettings withMaxPendingOffers(int n) {
        return new SignalingSettings(maxMembersPerRoom, maxRooms, maxConnections, maxMessageChars, maxRoomLength,
                maxNameLength, pingInterval, maxMissedPongs, offerTimeout, n);
    }

    private static void positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
}
