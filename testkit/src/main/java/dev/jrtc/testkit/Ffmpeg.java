package dev.jrtc.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code ffprobe} and {@code ffmpeg} on media files, so tests check written files against an
 * independent demuxer and decoder. The project's test script installs ffmpeg; a missing binary fails the test.
 * Every run is bounded by a timeout.
 */
public final class Ffmpeg {
    private static final long TIMEOUT_SECONDS = 60;

    /** The output of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The run's output and exit code, for assertion messages. */
        public String describe() {
            return "exit " + exitCode + ", stderr: " + stderr.strip() + ", stdout: " + stdout.strip();
        }
    }

    private Ffmpeg() {}

    /** Runs {@code ffprobe -v error <args>}. */
    public static Result ffprobe(String... args) throws IOException {
        return run("ffprobe", args);
    }

    /** Runs {@code ffmpeg -hide_banner -nostdin -v error <args>}. */
    public static Result ffmpeg(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin"));
        all.addAll(List.of(args));
        return run("ffmpeg", all.toArray(String[]::new));
    }

    /** Frames ffprobe counts by decoding the first video stream (or packets of audio: see {@link #packetCount}). */
    public static int decodedFrameCount(Path file) throws IOException {
        Result r = ffprobe("-select_streams", "0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString());
        return parseCount(r);
    }

    /** Packets ffprobe's demuxer finds in the first stream. */
    public static int packetCount(Path file) throws IOException {
        Result r = ffprobe("-select_streams", "0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file.toString());
        return parseCount(r);
    }

    /**
     * The MD5 of every packet ffmpeg's demuxer reads from the file, in order (its {@code framemd5} muxer with stream
     * copy): two files hold the same frames exactly when these lists are equal, whatever the container's framing.
     */
    public static List<String> packetMd5s(Path file) throws IOException {
        Result r = ffmpeg("-v", "error", "-i", file.toString(), "-map", "0:0", "-c", "copy", "-f", "framemd5", "-");
        if (r.exitCode() != 0) throw new IOException("ffmpeg framemd5 failed: " + r.describe());
        List<String> md5s = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split(",");
            md5s.add(cols[cols.length - 1].strip());
        }
        return md5s;
    }

    /** For every packet ffprobe's demuxer reads from the first stream, whether it flags it a key frame ("K"). */
    public static List<Boolean> packetKeyFlags(Path file) throws IOException {
        Result r = ffprobe("-select_streams", "0", "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString());
        if (r.exitCode() != 0) throw new IOException("ffprobe failed: " + r.describe());
        List<Boolean> keys = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) keys.add(line.strip().startsWith("K"));
        }
        return keys;
    }

    /**
     * Decodes the whole file to nothing, failing on the first decoding error ({@code -xerror}); the result's stderr
     * lists any error ffmpeg reports.
     */
    public static Result decode(Path file) throws IOException {
        return ffmpeg("-v", "error", "-xerror", "-i", file.toString(), "-f", "null", "-");
    }

    private static int parseCount(Result r) throws IOException {
        String s = r.stdout().strip();
        if (r.exitCode() != 0 || s.isEmpty()) throw new IOException("ffprobe failed: " + r.describe());
        try {
            return Integer.parseInt(s.lines().findFirst().orElse("").strip());
        } catch (NumberFormatException e) {
            throw new IOException("ffprobe printed no count: " + r.describe(), e);
        }
    }

    private static Result run(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program);
        if (program.equals("ffprobe")) command.addAll(List.of("-v", "error"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException(program + " is not installed (scripts/test.sh installs ffmpeg): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(program + " did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + program, e);
        }
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
