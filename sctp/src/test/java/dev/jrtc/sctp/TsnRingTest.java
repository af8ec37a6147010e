package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TsnRingTest {
    @Test
    void valuesAreFoundByTsnAcrossGrowthAndWrapAround() {
        long base = 0xFFFF_FFF0L; // just below the 32-bit wrap, extended TSNs go on past it
        TsnRing<Long> ring = new TsnRing<>(base);
        long next = base;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 37; i++, next++) ring.put(next, next);
            ring.removeThrough(ring.base() + 20);
            for (long t = ring.base(); t < ring.end(); t++) assertEquals(t, ring.get(t));
            assertEquals(ring.end() - ring.base(), ring.size());
        }
        assertNull(ring.get(ring.base() - 1));
        assertNull(ring.get(ring.end()));
    }

    @Test
    void emptySlotsAreSkippedAndCounted() {
        TsnRing<String> ring = new TsnRing<>(100);
        ring.put(100, "a");
        ring.put(102, "c"); // 101 comes later, as an abandoned message's placeholder does
        assertEquals(2, ring.size());
        assertEquals(103, ring.end());
        assertNull(ring.get(101));
        ring.put(101, "b");
        assertEquals(3, ring.size());
        ring.removeThrough(100);
        assertEquals(101, ring.firstKey());
        ring.removeThrough(500); // past everything held: empty, starting after it
        assertTrue(ring.isEmpty());
        assertEquals(501, ring.base());
        assertEquals(501, ring.end());
        assertThrows(IllegalStateException.class, () -> ring.put(500, "old"));
    }
}
