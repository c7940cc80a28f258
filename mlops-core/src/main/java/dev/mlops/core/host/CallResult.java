package dev.mlops.core.host;

/**
 * A response of the host: an HTTP status and a JSON body, or a JSON header followed by binary tensor data.
 *
 * @param status     HTTP status
 * @param body       the bytes
 * @param jsonLength for binary tensor data, the length of the JSON header at the start of {@code body}; else -1
 */
record CallResult(int status, byte[] body, int jsonLength) {

    /** A JSON answer. */
    CallResult(int status, byte[] body) {
        this(status, body, -1);
    }
}
