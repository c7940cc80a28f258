package dev.mlops.core.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function's answer to a call, whatever its status.
 *
 * @param status the HTTP status
 * @param body   the envelope ({@code status}, {@code model_id}, {@code prediction} or {@code error_message}); a text
 *               node when the answer was not JSON
 */
public record FunctionAnswer(int status, JsonNode body) {

    /**
     * @return whether the call succeeded: HTTP 200 and {@code "status": "ok"}
     */
    public boolean ok() {
        return status == 200 && body.path("status").asText().equals("ok");
    }
}
