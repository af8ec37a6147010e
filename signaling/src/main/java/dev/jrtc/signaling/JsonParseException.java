package dev.jrtc.signaling;

/** Thrown by {@link Json#parseObject} for text that is not one flat JSON object; the message names what and where. */
public final class JsonParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;

    public JsonParseException(String message, int position) {
        super(message + " at offset " + position);
        this.position = position;
    }

    /** The character offset in the input where parsing stopped. */
    public int position() {
        return position;
    }
}
