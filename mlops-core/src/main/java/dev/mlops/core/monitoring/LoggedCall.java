package dev.mlops.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One sampled call on its way to the log. The call thread makes it from what it holds already (the request's
 * bytes, the answer); the log's writer turns it into a record, so reading the input and the output costs the call
 * nothing.
 *
 * @param target       where it is logged
 * @param externalId   the function that answered
 * @param modelId      {@code <model>/<env>/<version>}
 * @param time         when the call arrived
 * @param latencyNanos from its arrival to its answer
 * @param status       the HTTP status it was answered with
 * @param heldBytes    what it keeps in memory until written, counted against the log's queue
 * @param secrets      values that must not appear in the record: the function's resolved secrets
 * @param content      the call's input, output and error, read by the writer
 */
public record LoggedCall(LogTarget target, String externalId, String modelId, Instant time, long latencyNanos,
                         int status, long heldBytes, List<String> secrets, Content content) {

    /** What a call was asked and answered, read on the writer's thread. */
    public interface Content {

        /**
         * @return the request's input (a call's {@code data}, an inference request's inputs as columns); null when
         *         the request could not be read
         */
        JsonNode input();

        /**
         * @return the answer's prediction; null when the call failed
         */
        JsonNode output();

        /**
         * @return the answer's error message; null when the call succeeded
         */
        String error();

        /**
         * The input as the JSON text it came in, when that is cheaper to take than {@link #input()}: no tree is
         * built. Whitespace may differ; the log writes it on one line.
         *
         * @return the bytes of one JSON value, or null to use {@link #input()}
         */
        default byte[] rawInput() {
            return null;
        }

        /**
         * @return the output as JSON text, as {@link #rawInput()} gives the input; null to use {@link #output()}
         */
        default byte[] rawOutput() {
            return null;
        }
    }
}
