package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.monitoring.LoggedCall;
import java.io.IOException;

/**
 * A sampled call's input, output and error, read on the prediction log's writer thread from what the call held: its
 * body and answer, and for an inference request the trees made while answering it.
 */
final class LoggedContent implements LoggedCall.Content {

    private final byte[] body;
    private final CallResult result;
    private final boolean openInference;
    private final JsonNode inputColumns;
    private final JsonNode prediction;
    private final CallResult.Span data;
    private JsonNode answer;
    private boolean answerRead;

    /**
     * @param inputColumns an inference request's inputs as columns, when they were read; null otherwise
     * @param prediction   an inference request's prediction, when there was one; null otherwise
     * @param data         where a standard call's data lies in its body, when the call bound it; null otherwise
     */
    LoggedContent(byte[] body, CallResult result, boolean openInference, JsonNode inputColumns,
                  JsonNode prediction, CallResult.Span data) {
        this.body = body;
        this.result = result;
        this.openInference = openInference;
        this.inputColumns = inputColumns;
        this.prediction = prediction;
        this.data = data;
    }

    @Override
    public JsonNode input() {
        if (openInference) {
            return inputColumns;
        }
        try {
            JsonNode request = HostJson.REQUESTS.readTree(body);
            return request == null ? null : request.get("data");
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public JsonNode output() {
        if (result.status() >= 400) {
            return null;
        }
        if (openInference) {
            return prediction;
        }
        JsonNode envelope = answer();
        if (envelope == null) {
            return null;
        }
        for (String field : new String[] {"prediction", "prediction_file", "training"}) {
            if (envelope.has(field)) {
                return envelope.get(field);
            }
        }
        return null;
    }

    @Override
    public String error() {
        if (result.status() < 400) {
            return null;
        }
        JsonNode envelope = answer();
        JsonNode message = envelope == null ? null : envelope.get(openInference ? "error" : "error_message");
        return message != null && message.isTextual() ? message.textValue() : "HTTP " + result.status();
    }

    @Override
    public byte[] rawInput() {
        if (openInference) {
            return null;
        }
        // Where the call's own reading left it; otherwise (a call refused before it bound its data) found again.
        return data != null ? data.copy(body) : slice(body, body.length, "data");
    }

    @Override
    public byte[] rawOutput() {
        if (openInference || result.status() >= 400 || result.jsonLength() >= 0) {
            return null;
        }
        if (result.value() != null) {
            return result.value().copy(result.body());
        }
        for (String field : new String[] {"prediction", "prediction_file", "training"}) {
            byte[] value = slice(result.body(), result.body().length, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * @return the bytes of a top-level field's value, when it is an object or an array; null otherwise, or when the
     *         JSON does not parse
     */
    private static byte[] slice(byte[] json, int length, String name) {
        try (JsonParser parser = HostJson.REQUESTS.getFactory().createParser(json, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (!wanted) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
                    return null;
                }
                long start = parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                return start < 0 || end <= start ? null : java.util.Arrays.copyOfRange(json, (int) start, (int) end);
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode answer() {
        if (!answerRead) {
            answerRead = true;
            int length = result.jsonLength() >= 0 ? result.jsonLength() : result.body().length;
            try {
                answer = HostJson.REQUESTS.readTree(result.body(), 0, length);
            } catch (IOException e) {
                answer = null;
            }
        }
        return answer;
    }
}
