package dev.mlops.core.host;

/**
 * A response of the host: an HTTP status and a JSON body, or a JSON header followed by binary tensor data.
 *
 * @param status     HTTP status
 * @param body       the bytes
 * @param jsonLength for binary tensor data, the length of the JSON header at the start of {@code body}; else -1
 * @param value      where in {@code body} the envelope's result lies (the prediction's JSON), for the prediction
 *                   log; null when not known
 */
record CallResult(int status, byte[] body, int jsonLength, Span value) {

    /** A JSON answer. */
    CallResult(int status, byte[] body) {
        this(status, body, -1, null);
    }

    /** A JSON header followed by binary tensor data. */
    CallResult(int status, byte[] body, int jsonLength) {
        this(status, body, jsonLength, null);
    }

    /** From byte {@code start} up to, not including, byte {@code end}. */
    record Span(int start, int end) {

        byte[] copy(byte[] bytes) {
            return java.util.Arrays.copyOfRange(bytes, start, end);
        }
    }
}
