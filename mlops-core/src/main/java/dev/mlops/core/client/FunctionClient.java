package dev.mlops.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Calls deployed functions from application code, by external id or alias:
 *
 * <pre>{@code
 * FunctionClient client = new FunctionClient(URI.create("http://127.0.0.1:8080"), Optional.empty());
 * JsonNode prediction = client.call("model1-prediction-prod", Map.of("ACS", List.of(1.0), ...));
 * }</pre>
 */
public final class FunctionClient {

    /** Calls {@link #callParallel} has in flight at once. */
    private static final int PARALLEL_CALLS = 8;

    private final URI host;
    private final Optional<String> token;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param host  the function host's base URL
     * @param token the host's bearer token, if it needs one
     */
    public FunctionClient(URI host, Optional<String> token) {
        this(host, token, Duration.ofSeconds(120));
    }

    /**
     * @param timeout how long one call may take
     */
    public FunctionClient(URI host, Optional<String> token, Duration timeout) {
        this.host = host;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * @param data what the function's model takes as {@code data}: maps, lists, records, written as JSON
     * @return the prediction (or, for a training service, the training result)
     * @throws FunctionException with the function's {@code error_message} when it answers with an error
     */
    public JsonNode call(String externalId, Object data) throws FunctionException {
        try {
            return answer(externalId, http.send(callRequest(externalId, data), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new FunctionException(0, "cannot call " + externalId + " at " + host + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(0, "interrupted while calling " + externalId);
        }
    }

    /**
     * Calls a function once per input, several at a time.
     *
     * @return the predictions, in the order of the inputs
     * @throws FunctionException for the first input whose call failed, naming its index
     */
    public List<JsonNode> callParallel(String externalId, List<?> inputs) throws FunctionException {
        Semaphore slots = new Semaphore(PARALLEL_CALLS);
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        try {
            for (Object input : inputs) {
                slots.acquire();
                calls.add(http.sendAsync(callRequest(externalId, input), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> slots.release())
                        .thenApply(response -> {
                            try {
                                return answer(externalId, response);
                            } catch (FunctionException e) {
                                throw new CompletionException(e);
                            }
                        }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(0, "interrupted while calling " + externalId);
        }
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            try {
                results.add(calls.get(i).join());
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                int status = cause instanceof FunctionException f ? f.status() : 0;
                throw new FunctionException(status, "input " + i + ": " + cause.getMessage());
            }
        }
        return results;
    }

    /**
     * @param filter the host's listing filters: {@code env}, {@code model}, {@code service}, {@code tag}
     * @return the functions and aliases the host serves
     */
    public List<JsonNode> list(Map<String, String> filter) throws FunctionException {
        StringBuilder query = new StringBuilder();
        new LinkedHashMap<>(filter).forEach((key, value) -> query.append(query.length() == 0 ? "?" : "&")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        JsonNode list = send(request("/functions" + query).GET().build(), "list the functions");
        List<JsonNode> functions = new ArrayList<>();
        list.forEach(functions::add);
        return functions;
    }

    /**
     * Removes a deployed function or alias from the host.
     */
    public void delete(String externalId) throws FunctionException {
        send(request("/functions/" + externalId).DELETE().build(), "delete " + externalId);
    }

    private HttpRequest callRequest(String externalId, Object data) throws FunctionException {
        try {
            String body = Json.DATA.writeValueAsString(Map.of("data", data == null ? Json.DATA.nullNode() : data));
            return request("/functions/" + externalId + "/call").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (JsonProcessingException e) {
            throw new FunctionException(0, "the data cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(host.resolve(path)).timeout(timeout);
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private JsonNode send(HttpRequest request, String what) throws FunctionException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.DATA.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new FunctionException(response.statusCode(), body.path("error_message").asText(response.body()));
            }
            return body;
        } catch (IOException e) {
            throw new FunctionException(0, "cannot " + what + " at " + host + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(0, "interrupted while trying to " + what);
        }
    }

    private static JsonNode answer(String externalId, HttpResponse<String> response) throws FunctionException {
        JsonNode body;
        try {
            body = Json.DATA.readTree(response.body());
        } catch (IOException e) {
            throw new FunctionException(response.statusCode(), externalId + " answered HTTP " + response.statusCode()
                    + " with no JSON");
        }
        if (response.statusCode() == 200 && body.path("status").asText().equals("ok")) {
            return body.has("prediction") ? body.get("prediction") : body.has("training") ? body.get("training")
                    : body;
        }
        throw new FunctionException(response.statusCode(), body.path("error_message").asText(response.body()));
    }
}
