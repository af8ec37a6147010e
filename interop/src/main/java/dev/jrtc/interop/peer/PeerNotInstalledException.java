package dev.jrtc.interop.peer;

/**
 * A peer stack, or the runtime it needs, is not installed. The message names the command that installs it; tests
 * that need the peer fail with it rather than being skipped.
 */
public final class PeerNotInstalledException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String installCommand;

    PeerNotInstalledException(String what, String installCommand) {
        super(what + ". Install it (this needs network access) with: " + installCommand);
        this.installCommand = installCommand;
    }

    /** The shell command that installs what is missing. */
    public String installCommand() {
        return installCommand;
    }
}
