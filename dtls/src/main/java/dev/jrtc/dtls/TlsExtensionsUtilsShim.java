package dev.jrtc.dtls;

import java.util.Hashtable;

/** BC may hand back a null extensions table; use_srtp needs one to go into. */
final class TlsExtensionsUtilsShim {
    private TlsExtensionsUtilsShim() {}

    @SuppressWarnings("rawtypes")
    static Hashtable ensure(Hashtable extensions) {
        return extensions != null ? extensions : new Hashtable();
    }
}
