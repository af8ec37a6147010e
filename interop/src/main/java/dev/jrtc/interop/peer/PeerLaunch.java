package dev.jrtc.interop.peer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How to start one peer program: its command line, working folder and extra environment. */
record PeerLaunch(List<String> command, Path directory, Map<String, String> environment) {
}
