package dev.jrtc.interop.peer;

import java.util.List;

/** The program families that host the peer stacks: one Node script, one Python script, one Go program. */
enum PeerRuntime {
    NODE("node", List.of("peer.js", "package.json", "package-lock.json")),
    PYTHON("python", List.of("peer.py")),
    GO("pion", List.of("main.go"));

    private final String name;
    private final List<String> files;

    PeerRuntime(String name, List<String> files) {
        this.name = name;
        this.files = files;
    }

    /**
     * The class-path folder under {@code dev/jrtc/interop/peer/} holding the program's files, and the prefix of its
     * cache folder (which adds a hash of the files, so an edited program gets a fresh install).
     */
    String folder() {
        return name;
    }

    /** The program's files, extracted side by side into its cache folder. */
    List<String> files() {
        return files;
    }
}
