package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of every call's answer: {@code status} {@code ok} with the result, or {@code error} with a message. */
final class Envelope {

    private Envelope() {
    }

    static CallResult prediction(ObjectMapper mapper, Object prediction, String modelId)
            throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("status", "ok");
        body.put("prediction", prediction);
        body.put("model_id", modelId);
        return new CallResult(200, mapper.writeValueAsBytes(body));
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
