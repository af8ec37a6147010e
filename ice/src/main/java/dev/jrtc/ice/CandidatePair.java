package dev.jrtc.ice;

/** A pair in the check list (RFC 8445 §6.1.2) with its check state (§6.1.2.6) and nomination. */
public final class CandidatePair {
    /** RFC 8445 §6.1.2.6 pair states. */
    public enum State { FROZEN, WAITING, IN_PROGRESS, SUCCEEDED, FAILED }

    private final Candidate local;
    private final Candidate remote;
    State state = State.FROZEN;
    boolean nominated;
    /** The controlled side was told to use this pair before its own check succeeded (RFC 8445 §7.3.1.5). */
    boolean nominateOnSuccess;
    long priority;

    CandidatePair(Candidate local, Candidate remote) {
        this.local = local;
        this.remote = remote;
    }

    public Candidate local() {
        return local;
    }

    public Candidate remote() {
        return remote;
    }

    public State state() {
        return state;
    }

    public boolean isNominated() {
        return nominated;
    }

    public long priority() {
        return priority;
    }

    String foundation() {
        return local.foundation() + ":" + remote.foundation();
    }

    /** RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G being the controlling side's priority. */
    static long pairPriority(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled) + (controlling > controlled ? 1 : 0);
    }

    void recomputePriority(IceRole role) {
        priority = role == IceRole.CONTROLLING ? pairPriority(local.priority(), remote.priority())
                : pairPriority(remote.priority(), local.priority());
    }

    @Override
    public String toString() {
        return local.address() + " -> " + remote.address() + " " + state + (nominated ? " nominated" : "");
    }
}
