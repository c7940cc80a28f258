package dev.mlops.core.host;

/**
 * A response of the host: an HTTP status and a JSON body.
 *
 * @param status HTTP status
 * @param body   JSON bytes
 */
record CallResult(int status, byte[] body) {
}
