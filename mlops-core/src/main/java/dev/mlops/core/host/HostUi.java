package dev.mlops.core.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.json.Json;
import dev.mlops.core.monitoring.PredictionLog;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The host's live page, {@code /ui}: its functions with requests per second, error rate and p50/p95/p99 from the
 * host's own histograms, the most recent errors, and the prediction log's health. The page is one HTML file with its
 * script and style inline, fetching nothing but {@code /ui/data} (which needs the bearer token when the host has
 * one; the page asks for it) every two seconds; rates are the differences between two readings.
 */
final class HostUi {

    /** Errors kept for the page. */
    static final int RECENT_ERRORS = 50;
    private static final int MESSAGE_CHARACTERS = 500;

    private static final byte[] PAGE;

    static {
        try (InputStream in = HostUi.class.getResourceAsStream("ui.html")) {
            PAGE = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the host's page ui.html is missing from the class path", e);
        }
    }

    /** A failed call, read only when the page asks. */
    private record Failure(Instant time, String function, int status, CallResult result, List<String> secrets) {
    }

    private final Deque<Failure> errors = new ArrayDeque<>();
    private final Instant started = Instant.now();

    byte[] page() {
        return PAGE;
    }

    /** Notes a failed call: a reference to its answer, nothing read on the call's thread. */
    void failed(String function, int status, CallResult result, List<String> secrets) {
        Failure failure = new Failure(Instant.now(), function, status, result, secrets);
        synchronized (errors) {
            errors.addFirst(failure);
            while (errors.size() > RECENT_ERRORS) {
                errors.removeLast();
            }
        }
    }

    /** @return what the page shows, as JSON */
    byte[] data(DeploymentDirectory deployments, PredictionLog log) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        Instant now = Instant.now();
        root.put("time", now.toString());
        root.put("started", started.toString());
        root.put("uptime_seconds", Duration.between(started, now).toSeconds());
        ArrayNode functions = root.putArray("functions");
        List<LoadedFunction> loaded = new ArrayList<>(deployments.all());
        loaded.sort(Comparator.comparing(f -> f.descriptor().externalId()));
        for (LoadedFunction function : loaded) {
            ObjectNode item = functions.addObject();
            item.put("id", function.descriptor().externalId());
            item.put("model", function.descriptor().model());
            item.put("service", function.descriptor().service());
            item.put("env", function.descriptor().env());
            item.put("version", function.descriptor().version());
            item.put("status", function.failure().isEmpty() ? "ready" : "failed");
            item.put("logged", function.logTarget() == null ? 0 : function.logTarget().sampleRate());
            HostMetrics.FunctionMeters meters = function.meters();
            ObjectNode calls = item.putObject("calls");
            meters.calls().forEach(calls::put);
            HistogramSnapshot snapshot = meters.snapshot();
            item.put("count", snapshot.count());
            for (double q : new double[] {0.5, 0.95, 0.99}) {
                double millis = meters.quantileMillis(snapshot, q);
                String name = "p" + Math.round(q * 100) + "_ms";
                if (Double.isNaN(millis)) {
                    item.putNull(name);
                } else {
                    item.put(name, millis);
                }
            }
        }
        ArrayNode recent = root.putArray("errors");
        List<Failure> copy;
        synchronized (errors) {
            copy = List.copyOf(errors);
        }
        for (Failure failure : copy) {
            ObjectNode item = recent.addObject();
            item.put("time", failure.time().toString());
            item.put("function", failure.function());
            item.put("status", failure.status());
            item.put("message", message(failure));
        }
        PredictionLog.Health health = log.health();
        ObjectNode logNode = root.putObject("prediction_log");
        logNode.put("queued", health.queued());
        logNode.put("written", health.written());
        logNode.put("dropped_queue_full", health.droppedQueueFull());
        logNode.put("dropped_write_failed", health.droppedWriteFailed());
        logNode.put("waiting", health.waiting());
        logNode.put("last_error", health.lastError().orElse(null));
        logNode.put("last_write", health.lastWrite().map(Instant::toString).orElse(null));
        try {
            return Json.DATA.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's error message, without the function's secrets, cut to a length a page can show. */
    private static String message(Failure failure) {
        CallResult result = failure.result();
        String text;
        try {
            int length = result.jsonLength() >= 0 ? result.jsonLength() : result.body().length;
            JsonNode answer = HostJson.REQUESTS.readTree(result.body(), 0, length);
            JsonNode message = answer == null ? null : answer.has("error_message") ? answer.get("error_message")
                    : answer.get("error");
            text = message != null && message.isTextual() ? message.textValue() : "HTTP " + failure.status();
        } catch (IOException e) {
            text = "HTTP " + failure.status();
        }
        for (String secret : failure.secrets()) {
            if (!secret.isEmpty()) {
                text = text.replace(secret, "[secret]");
            }
        }
        return text.length() > MESSAGE_CHARACTERS ? text.substring(0, MESSAGE_CHARACTERS) + "…" : text;
    }
}
