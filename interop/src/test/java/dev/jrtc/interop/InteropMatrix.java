package dev.jrtc.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of {@link InteropMatrixTest} as a Markdown table: one row per peer and jrtc role, one column per check. */
final class InteropMatrix {
    /** The checks, in column order. */
    static final List<String> CHECKS = List.of("connect", "messages", "unordered", "ordered burst", "close by jrtc",
            "close by peer", "audio", "video");

    /** One peer x role: its open time and a cell per check ("ok ...", "FAIL ...", or absent when not run). */
    static final class Row {
        final String peer;
        final String role;
        String version = "";
        String openMillis = "";
        final Map<String, String> cells = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();

        Row(String peer, String role) {
            this.peer = peer;
            this.role = role;
        }

        void pass(String check, String detail) {
            cells.put(check, "ok" + (detail.isEmpty() ? "" : " " + detail));
        }

        void fail(String check, String reason) {
            cells.put(check, "**FAIL** " + reason);
            failures.add(check + ": " + reason);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized Row row(String peer, String role) {
        Row r = new Row(peer, role);
        rows.add(r);
        return r;
    }

    synchronized String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| peer | jrtc | open (ms) |");
        CHECKS.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---|---:|");
        CHECKS.forEach(c -> md.append("---|"));
        md.append('\n');
        for (Row r : rows) {
            md.append("| ").append(r.peer).append(" | ").append(r.role).append(" | ").append(r.openMillis).append(" |");
            for (String c : CHECKS) md.append(' ').append(cell(r.cells.getOrDefault(c, "not run"))).append(" |");
            md.append('\n');
        }
        List<String> versions = new ArrayList<>();
        for (Row r : rows) {
            String v = r.peer + ": " + r.version;
            if (!r.version.isEmpty() && !versions.contains(v)) versions.add(v);
        }
        if (!versions.isEmpty()) md.append("\nStacks: ").append(String.join("; ", versions)).append('\n');
        return md.toString();
    }

    /** A reason may hold anything a peer printed: keep the table a table. */
    private static String cell(String s) {
        String one = s.replace('\n', ' ').replace("|", "\\|");
        return one.length() > 160 ? one.substring(0, 157) + "..." : one;
    }
}
