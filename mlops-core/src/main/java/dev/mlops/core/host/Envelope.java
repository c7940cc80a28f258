package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of every call's answer: {@code status} {@code ok} with the result, or {@code error} with a message. */
final class Envelope {

    private Envelope() {
    }

    private static final byte[] PREDICTION_START = "{\"status\":\"ok\",\"prediction\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MODEL_ID = ",\"model_id\":".getBytes(StandardCharsets.UTF_8);

    /**
     * Writes {@code {"status":"ok","prediction":…,"model_id":…}} noting where the prediction lies, so that the
     * prediction log takes its bytes as they are instead of finding them again.
     */
    static CallResult prediction(ObjectMapper mapper, Object prediction, String modelId)
            throws JsonProcessingException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        body.writeBytes(PREDICTION_START);
        int start = body.size();
        try {
            mapper.writeValue(body, prediction);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail", e);
        }
        int end = body.size();
        body.writeBytes(MODEL_ID);
        body.writeBytes(mapper.writeValueAsBytes(modelId));
        body.write('}');
        return new CallResult(200, body.toByteArray(), -1, new CallResult.Span(start, end));
    }

    static CallResult predictionFile(String fileId, String modelId) {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("status", "ok");
        body.put("prediction_file", fileId);
        body.put("model_id", modelId);
        return ok(body);
    }

    static CallResult training(Object training) {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("status", "ok");
        body.put("training", training);
        return ok(body);
    }

    static CallResult ok(Object body) {
        try {
            return new CallResult(200, Json.DATA.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return error(500, "the result cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    static CallResult error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("status", "error");
        body.put("error_message", ErrorText.of(message));
        try {
            return new CallResult(status, Json.DATA.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of two strings is always JSON", e);
        }
    }
}
