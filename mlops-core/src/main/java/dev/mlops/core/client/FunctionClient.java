package dev.mlops.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.FunctionId;
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
     * Calls a function and asks for the prediction as a file on the host ({@code "to_file": true}), for results too
     * large to send back.
     *
     * @return the file's id; {@code GET /files/{id}} returns it
     * @throws FunctionException with the function's {@code error_message} when it answers with an error
     */
    public String callToFile(String externalId, Object data) throws FunctionException {
        FunctionAnswer answer = answer(externalId, data, true);
        if (!answer.ok()) {
            throw new FunctionException(answer.status(), answer.body().path("error_message")
                    .asText(answer.body().asText()));
        }
        return answer.body().path("prediction_file").asText();
    }

    /**
     * Calls a function and returns its answer whatever its status: what a smoke call or a command line shows.
     *
     * @param toFile whether the host is to keep the prediction as a file and answer with its id
     * @throws FunctionException only when no answer came
     */
    public FunctionAnswer answer(String externalId, Object data, boolean toFile) throws FunctionException {
        try {
            HttpResponse<String> response = http.send(callRequest(externalId, data, toFile),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = Json.DATA.readTree(response.body());
            } catch (IOException e) {
                body = Json.DATA.getNodeFactory().textNode(response.body());
            }
            return new FunctionAnswer(response.statusCode(), body == null ? Json.DATA.nullNode() : body);
        } catch (IOException e) {
            throw new FunctionException(0, "cannot call " + externalId + " at " + host + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(0, "interrupted while calling " + externalId);
        }
    }

    /**
     * @return whether the host answers at all ({@code GET /v2/health/live})
     */
    public boolean live() {
        try {
            return http.send(request("/v2/health/live").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @return the functions and aliases the host serves, as typed statuses (entries that name no function id, such
     *         as a bundle that is not one of ours, are left out)
     */
    public List<FunctionStatus> functions(FunctionFilter filter) throws FunctionException {
        JsonNode list = send(request("/functions" + filter.query()).GET().build(), "list the functions");
        List<FunctionStatus> functions = new ArrayList<>();
        list.forEach(entry -> FunctionStatus.of(entry).ifPresent(functions::add));
        return functions;
    }

    /**
     * @return how the host serves a function or alias, or empty when it does not
     */
    public Optional<FunctionStatus> status(FunctionId id) throws FunctionException {
        try {
            HttpResponse<String> response = http.send(request("/functions/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new FunctionException(response.statusCode(), "the host answered HTTP " + response.statusCode()
                        + " when asked about " + id);
            }
            return FunctionStatus.of(Json.DATA.readTree(response.body()));
        } catch (IOException e) {
            throw new FunctionException(0, "cannot ask " + host + " about " + id + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(0, "interrupted while asking about " + id);
        }
    }

    /**
     * Removes a deployed function or alias from the host.
     */
    public void delete(String externalId) throws FunctionException {
        send(request("/functions/" + externalId).DELETE().build(), "delete " + externalId);
    }

    private HttpRequest callRequest(String externalId, Object data) throws FunctionException {
        return callRequest(externalId, data, false);
    }

    private HttpRequest callRequest(String externalId, Object data, boolean toFile) throws FunctionException {
        try {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("data", data == null ? Json.DATA.nullNode() : data);
            if (toFile) {
                fields.put("to_file", true);
            }
            String body = Json.DATA.writeValueAsString(fields);
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
