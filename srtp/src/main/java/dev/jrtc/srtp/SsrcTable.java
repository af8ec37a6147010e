package dev.jrtc.srtp;

/**
 * SSRC to stream state, without boxing: an open-addressing table with linear probing (a {@code HashMap<Integer,
 * ...>} would allocate an Integer per lookup for most SSRCs). It never removes, except the entry just added.
 */
final class SsrcTable {
    private int[] keys = new int[16];
    private SrtpStream[] values = new SrtpStream[16];
    private int size;

    SrtpStream get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = mix(ssrc) & mask; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == ssrc) {
                return values[i];
            }
        }
        return null;
    }

    void put(int ssrc, SrtpStream stream) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(ssrc, stream);
        size++;
    }

    /** Removes {@code ssrc}: re-inserts the rest of its probe run so lookups stay correct. */
    void remove(int ssrc) {
        int mask = keys.length - 1;
        int i = mix(ssrc) & mask;
        while (values[i] != null && keys[i] != ssrc) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            return;
        }
        values[i] = null;
        size--;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            SrtpStream v = values[j];
            int k = keys[j];
            values[j] = null;
            insert(k, v);
        }
    }

    int size() {
        return size;
    }

    private void insert(int ssrc, SrtpStream stream) {
        int mask = keys.length - 1;
        int i = mix(ssrc) & mask;
        while (values[i] != null && keys[i] != ssrc) {
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = stream;
    }

    private void grow() {
        int[] oldKeys = keys;
        SrtpStream[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new SrtpStream[oldValues.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
