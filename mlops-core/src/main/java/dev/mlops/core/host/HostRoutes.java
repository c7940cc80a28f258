package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.json.Json;
import dev.mlops.core.monitoring.LogTarget;
import dev.mlops.core.monitoring.LoggedCall;
import dev.mlops.core.monitoring.PredictionLog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.xnio.XnioExecutor;

/**
 * The host's HTTP API.
 *
 * <ul>
 *   <li>{@code POST /functions/{externalId}/call} with {@code {"data": …, "to_file": false}}: the call envelope</li>
 *   <li>{@code GET /functions} (query {@code env}, {@code model}, {@code service}, {@code tag=key=value} or
 *       {@code tag=key}), {@code GET /functions/{externalId}}, {@code DELETE /functions/{externalId}}</li>
 *   <li>{@code GET /files/{id}}: a result stored for a {@code "to_file": true} call</li>
 *   <li>Open Inference Protocol V2: {@code /v2}, {@code /v2/health/live}, {@code /v2/health/ready},
 *       {@code /v2/models/{name}}, {@code /v2/models/{name}/ready}, {@code POST /v2/models/{name}/infer}</li>
 *   <li>{@code GET /metrics}: Prometheus text format</li>
 * </ul>
 *
 * With a token configured, everything but health and metrics needs {@code Authorization: Bearer <token>}. No answer
 * carries a stack trace.
 */
final class HostRoutes implements HttpHandler {

    private static final String JSON = "application/json";
    /** The header a call through the Kubernetes API server's service proxy carries the host's token in. */
    static final io.undertow.util.HttpString PROXIED_AUTHORIZATION = new io.undertow.util.HttpString(
            "X-Mlops-Authorization");
    private static final byte[] UI_TOKEN_NEEDED = "{\"authorized\":false}".getBytes(StandardCharsets.UTF_8);
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final byte[] FALLBACK_ERROR = ("{\"status\":\"error\",\"error_message\":\"the host could not make"
            + " the answer\"}").getBytes(StandardCharsets.UTF_8);
    private static final String BEARER = "Bearer ";
    private static final HttpString BINARY_HEADER = new HttpString(BinaryTensors.HEADER);
    private static final String VERSION = Optional.ofNullable(HostRoutes.class.getPackage().getImplementationVersion())
            .orElse("development");

    private final HostOptions options;
    private final DeploymentDirectory deployments;
    private final PredictionFiles files;
    private final HostMetrics metrics;
    private final ExecutorService calls;
    private final RequestBody.Pending pending;
    private final byte[] expectedToken;
    private final PredictionLog log;
    /** Whether the host says it is ready: at once, or for a pod's host once its bundle is fetched and loaded. */
    private final BooleanSupplier ready;
    private final HostUi ui = new HostUi();

    HostRoutes(HostOptions options, DeploymentDirectory deployments, PredictionFiles files, HostMetrics metrics,
               ExecutorService calls, PredictionLog log, BooleanSupplier ready) {
        this.ready = ready;
        this.log = log;
        this.options = options;
        this.deployments = deployments;
        this.files = files;
        this.metrics = metrics;
        this.calls = calls;
        this.pending = new RequestBody.Pending(options.limits().maxPendingBytes());
        this.expectedToken = options.token().map(token -> token.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        List<String> path = segments(exchange.getRequestPath());
        String first = path.isEmpty() ? "" : path.get(0);
        if (first.equals("v2") && path.size() == 3 && path.get(1).equals("health")) {
            health(exchange, path.get(2));
            return;
        }
        boolean call = first.equals("functions") && path.size() == 3 && path.get(2).equals("call");
        boolean infer = first.equals("v2") && path.size() == 4 && path.get(1).equals("models")
                && path.get(3).equals("infer");
        if (call || infer) {
            if (authorized(exchange)) {
                call(exchange, path.get(call ? 1 : 2), infer);
            }
            return;
        }
        // Everything else may touch files: off the I/O thread. No other endpoint reads a body: one that is sent
        // anyway is not drained, the connection is closed after the answer.
        if (exchange.isInIoThread()) {
            if (exchange.getRequestContentLength() > 0 || exchange.isRequestChannelAvailable()
                    && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
                exchange.setPersistent(false);
            }
            exchange.dispatch(this);
            return;
        }
        if (first.equals("metrics") && path.size() == 1) {
            send(exchange, 200, PROMETHEUS, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } else if (first.equals("ui") && path.size() == 1 && exchange.getRequestMethod().equals(Methods.GET)) {
            // The page holds no data: it asks for /ui/data, with the token when the host has one.
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), "default-src 'none';"
                    + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:");
            send(exchange, 200, "text/html; charset=utf-8", ui.page());
        } else if (first.equals("ui") && path.size() == 2 && path.get(1).equals("data")
                && exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            // Without the token, no data: only that the page must ask for it. A 200, so that a browser's console
            // does not report the page's first reading as a failed request.
            send(exchange, 200, JSON, tokenGiven(exchange) ? ui.data(deployments, log) : UI_TOKEN_NEEDED);
        } else if (authorized(exchange)) {
            administer(exchange, exchange.getRequestMethod(), path);
        }
    }

    private void administer(HttpServerExchange exchange, HttpString method, List<String> path) throws IOException {
        String first = path.isEmpty() ? "" : path.get(0);
        if (first.equals("functions") && path.size() == 1 && method.equals(Methods.GET)) {
            send(exchange, 200, JSON, Json.FILES.writeValueAsBytes(list(exchange.getQueryParameters())));
        } else if (first.equals("functions") && path.size() == 2 && method.equals(Methods.GET)) {
            LoadedFunction function = deployments.get(path.get(1));
            if (function == null) {
                send(exchange, notDeployed(path.get(1)));
            } else {
                send(exchange, 200, JSON, Json.FILES.writeValueAsBytes(summary(path.get(1), function)));
            }
        } else if (first.equals("functions") && path.size() == 2 && method.equals(Methods.DELETE)) {
            Optional<String> pointing = deployments.aliases().values().stream()
                    .filter(alias -> alias.target().equals(path.get(1))).map(AliasFile::alias).sorted().findFirst();
            if (pointing.isPresent()) {
                send(exchange, Envelope.error(409, pointing.get() + " points to " + path.get(1) + ", so it stays;"
                        + " point the alias at another version or delete the alias first"));
            } else if (deployments.delete(path.get(1))) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "ok");
                body.put("deleted", path.get(1));
                send(exchange, Envelope.ok(body));
            } else {
                send(exchange, notDeployed(path.get(1)));
            }
        } else if (first.equals("files") && path.size() == 2 && method.equals(Methods.GET)) {
            Optional<Path> file = files.find(path.get(1));
            if (file.isEmpty()) {
                send(exchange, Envelope.error(404, "no file " + path.get(1) + " on this host"));
            } else {
                send(exchange, 200, path.get(1).endsWith(".zip") ? "application/zip" : JSON,
                        Files.readAllBytes(file.get()));
            }
        } else if (first.equals("v2") && path.size() == 1) {
            ObjectNode server = Json.DATA.createObjectNode();
            server.put("name", "mlops");
            server.put("version", VERSION);
            server.putArray("extensions").add("binary_tensor_data");
            send(exchange, 200, JSON, Json.DATA.writeValueAsBytes(server));
        } else if (first.equals("v2") && path.size() >= 3 && path.get(1).equals("models")) {
            modelEndpoint(exchange, path);
        } else {
            send(exchange, Envelope.error(404, "no such endpoint: " + exchange.getRequestMethod() + " "
                    + exchange.getRequestPath() + "; the host serves /functions, /files, /v2 and /metrics"));
        }
    }

    private void modelEndpoint(HttpServerExchange exchange, List<String> path) throws IOException {
        LoadedFunction function = deployments.get(path.get(2));
        if (function == null) {
            send(exchange, 404, JSON, oipError("no model named " + path.get(2) + " is deployed here"));
        } else if (path.size() == 3) {
            send(exchange, 200, JSON, Json.DATA.writeValueAsBytes(function.metadata()));
        } else if (path.size() == 4 && path.get(3).equals("ready")) {
            ObjectNode ready = Json.DATA.createObjectNode();
            ready.put("name", path.get(2));
            ready.put("ready", function.failure().isEmpty());
            function.failure().ifPresent(failure -> ready.put("error", failure));
            send(exchange, function.failure().isEmpty() ? 200 : 400, JSON, Json.DATA.writeValueAsBytes(ready));
        } else {
            send(exchange, 404, JSON, oipError("no such endpoint: " + exchange.getRequestPath()));
        }
    }

    private void health(HttpServerExchange exchange, String which) throws JsonProcessingException {
        if (!which.equals("live") && !which.equals("ready")) {
            send(exchange, 404, JSON, oipError("no such endpoint: " + exchange.getRequestPath()));
            return;
        }
        boolean yes = which.equals("live") || ready.getAsBoolean();
        send(exchange, yes ? 200 : 503, JSON, Json.DATA.writeValueAsBytes(Map.of(which, yes)));
    }

    private void call(HttpServerExchange exchange, String externalId, boolean openInference) {
        LoadedFunction function = deployments.get(externalId);
        if (function == null) {
            send(exchange, openInference ? new CallResult(404, oipError(externalId + " is not deployed here"))
                    : notDeployed(externalId));
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
            send(exchange, Envelope.error(405, "call a function with POST"));
            return;
        }
        long length = exchange.getRequestContentLength();
        // Dispatching keeps the exchange open after this handler returns; the call pool then answers it.
        RequestBody.read(exchange, options.maxBodyBytes(), pending, options.limits().bodyTimeout().toMillis(),
                (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> start(ex, externalId, function, body, openInference)),
                (ex, error) -> send(ex, refused(ex, error, length)));
    }

    private CallResult refused(HttpServerExchange exchange, IOException error, long length) {
        if (error instanceof RequestTooBigException) {
            return tooBig(length);
        }
        if (error instanceof RequestBody.Busy) {
            exchange.setPersistent(false);
            return Envelope.error(503, "the host is busy: the calls in progress hold its limit of "
                    + options.limits().maxPendingBytes() + " request bytes; call again");
        }
        if (error instanceof RequestBody.TooSlow) {
            return Envelope.error(408, "the request body did not arrive within "
                    + seconds(options.limits().bodyTimeout()) + " (the host's body timeout)");
        }
        return Envelope.error(400, "cannot read the request body: " + error.getMessage());
    }

    /** Runs the call on the call pool, and answers 504 (interrupting the call) if it is not done in time. */
    private void start(HttpServerExchange exchange, String externalId, LoadedFunction found, byte[] body,
                       boolean openInference) {
        long started = System.nanoTime();
        String binaryHeader = openInference ? exchange.getRequestHeaders().getFirst(BINARY_HEADER) : null;
        PendingCall pending = new PendingCall();
        XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
            if (pending.answer()) {
                pending.interrupt();
                String message = externalId + " did not answer within " + seconds(options.callTimeout())
                        + " (the host's call timeout)";
                CallResult timedOut = openInference ? new CallResult(504, oipError(message))
                        : Envelope.error(504, message);
                if (pending.function == null) {
                    pending.function = deployments.get(externalId);
                }
                long nanos = System.nanoTime() - started;
                // Offered before the answer leaves: a caller that has its answer finds the call in the log.
                log(pending, body, openInference, timedOut, nanos);
                send(exchange, timedOut);
                pending.record(Outcome.TIMEOUT, nanos);
                failed(pending, externalId, timedOut);
            }
        }, options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            calls.execute(() -> {
                if (!pending.begin()) {
                    return;
                }
                CallResult result;
                try {
                    result = answer(externalId, found, body, openInference, binaryHeader, pending);
                } catch (Throwable e) {
                    // Not even the envelope could be made (the heap ran out, say): still an answer, at once.
                    result = new CallResult(500, FALLBACK_ERROR);
                } finally {
                    pending.end();
                }
                if (pending.answer()) {
                    timer.remove();
                    long nanos = System.nanoTime() - started;
                    log(pending, body, openInference, result, nanos);
                    send(exchange, result);
                    pending.record(Outcome.of(result.status()), nanos);
                    if (result.status() >= 400) {
                        failed(pending, externalId, result);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (pending.answer()) {
                timer.remove();
                send(exchange, Envelope.error(503, "the host is busy: every call thread is taken; call again"));
            }
        }
    }

    private void failed(PendingCall pending, String externalId, CallResult result) {
        LoadedFunction function = pending.function;
        ui.failed(function == null ? externalId : function.descriptor().externalId(), result.status(), result,
                function == null ? List.of() : function.secretValues());
    }

    /**
     * Offers a sample of the calls to the prediction log: a draw and, for the calls drawn, a record holding
     * references to what the call has already. Reading them is the log writer's work.
     */
    private void log(PendingCall pending, byte[] body, boolean openInference, CallResult result, long nanos) {
        LoadedFunction function = pending.function;
        LogTarget target = function == null ? null : function.logTarget();
        if (target == null
                || target.sampleRate() < 1 && ThreadLocalRandom.current().nextDouble() >= target.sampleRate()) {
            return;
        }
        BundleDescriptor descriptor = function.descriptor();
        log.offer(new LoggedCall(target, descriptor.externalId(), descriptor.modelId(),
                Instant.now().minusNanos(nanos), nanos, result.status(), body.length + (long) result.body().length,
                function.secretValues(), new LoggedContent(body, result, openInference, pending.input,
                pending.output, pending.request == null ? null : pending.request.dataSpan())));
    }

    /**
     * Answers with the function found when the call arrived, or, when that one was replaced or removed meanwhile,
     * with the one the id names now, so no call sees the replacement.
     */
    private CallResult answer(String externalId, LoadedFunction found, byte[] body, boolean openInference,
                              String binaryHeader, PendingCall pending) {
        LoadedFunction function = found;
        for (int attempt = 0; function != null && !function.acquire(); attempt++) {
            // Closed between the lookup and now: its successor is in place already, or it was removed.
            function = attempt < 100 ? deployments.get(externalId) : null;
        }
        if (function == null) {
            return openInference ? new CallResult(404, oipError(externalId + " is not deployed here"))
                    : notDeployed(externalId);
        }
        pending.function = function;
        try {
            if (openInference) {
                int jsonLength = body.length;
                BinaryTensors binary = null;
                if (binaryHeader != null) {
                    jsonLength = jsonLength(binaryHeader, body.length);
                    binary = new BinaryTensors(body, jsonLength);
                }
                JsonNode request;
                try {
                    request = HostJson.REQUESTS.readTree(body, 0, jsonLength);
                } catch (IOException e) {
                    String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage()
                            : e.getMessage();
                    throw new CallFailure(400, "the request body is not valid JSON: " + detail);
                }
                if (request == null || !request.isObject()) {
                    throw new CallFailure(400, "an inference request is a JSON object with \"inputs\"");
                }
                JsonNode columns = OpenInference.data(request, binary);
                pending.input = columns;
                Object prediction = function.invoke(CallRequest.of(columns), files);
                JsonNode tree = function.toTree(prediction);
                pending.output = tree;
                return OpenInference.response(function.descriptor(), request, tree);
            }
            CallRequest request = CallRequest.parse(body);
            pending.request = request;
            return function.call(request, files);
        } catch (CallFailure e) {
            return openInference ? new CallResult(e.status(), oipError(e.getMessage()))
                    : Envelope.error(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // The model's result is no value Jackson can write.
            String message = "the result cannot be written as JSON: " + ErrorText.describe(e);
            return openInference ? new CallResult(500, oipError(message)) : Envelope.error(500, message);
        } finally {
            function.release();
        }
    }

    private List<Map<String, Object>> list(Map<String, Deque<String>> query) {
        String env = first(query, "env");
        String model = first(query, "model");
        String service = first(query, "service");
        String tag = first(query, "tag");
        List<Map<String, Object>> list = new ArrayList<>();
        List<Map.Entry<String, LoadedFunction>> entries = new ArrayList<>();
        deployments.all().forEach(f -> entries.add(Map.entry(f.descriptor().externalId(), f)));
        deployments.aliases().forEach((alias, file) -> {
            LoadedFunction target = deployments.get(alias);
            if (target != null) {
                entries.add(Map.entry(alias, target));
            }
        });
        entries.stream()
                .filter(e -> env == null || e.getValue().descriptor().env().equals(env))
                .filter(e -> model == null || e.getValue().descriptor().model().equals(model))
                .filter(e -> service == null || e.getValue().descriptor().service().equals(service))
                .filter(e -> tag == null || hasTag(e.getValue().descriptor(), tag))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.add(summary(e.getKey(), e.getValue())));
        return list;
    }

    private static boolean hasTag(BundleDescriptor descriptor, String tag) {
        int equals = tag.indexOf('=');
        return equals < 0 ? descriptor.metadata().containsKey(tag)
                : tag.substring(equals + 1).equals(descriptor.metadata().get(tag.substring(0, equals)));
    }

    /** A function as listed; under an alias, with the alias's id, the target's version and "latest" said. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(String id, LoadedFunction function) {
        Map<String, Object> summary = Json.FILES.convertValue(function.descriptor(), LinkedHashMap.class);
        summary.remove("class_path");
        summary.remove("libraries");
        String target = function.descriptor().externalId();
        if (!id.equals(target)) {
            summary.put("external_id", id);
            summary.put("alias_of", target);
            summary.put("description", function.descriptor().description() + " (latest: " + target + ")");
            Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) summary.get("metadata"));
            metadata.put("version", Integer.toString(function.descriptor().version()));
            summary.put("metadata", metadata);
        }
        summary.put("status", function.failure().isEmpty() ? "ready" : "failed");
        function.failure().ifPresent(failure -> summary.put("error_message", failure));
        return summary;
    }

    /**
     * @return whether the call needs no token, or carries the right one in {@code Authorization} or, for calls
     *         through the Kubernetes API server's service proxy (which takes {@code Authorization} for itself and
     *         does not pass it on), in {@code X-Mlops-Authorization}
     */
    private boolean tokenGiven(HttpServerExchange exchange) {
        if (expectedToken == null) {
            return true;
        }
        return bearer(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                || bearer(exchange.getRequestHeaders().getFirst(PROXIED_AUTHORIZATION));
    }

    private boolean bearer(String header) {
        if (header != null && header.length() > BEARER.length() && header.regionMatches(true, 0, BEARER, 0,
                BEARER.length())) {
            byte[] token = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expectedToken, token);
        }
        return false;
    }

    /**
     * Answers 401 itself when the token is required and missing or wrong. The scheme's name is case-insensitive
     * (RFC 9110, section 11.1); the token is compared in constant time.
     */
    private boolean authorized(HttpServerExchange exchange) {
        if (tokenGiven(exchange)) {
            return true;
        }
        send(exchange, Envelope.error(401, "missing or wrong bearer token; send the header"
                + " 'Authorization: Bearer <token>' with the host's token"));
        return false;
    }

    /** @return a duration as a message says it: whole seconds, or milliseconds below one */
    private static String seconds(java.time.Duration duration) {
        return duration.toSeconds() > 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private CallResult tooBig(long length) {
        return Envelope.error(413, "the request body " + (length >= 0 ? "of " + length + " bytes " : "")
                + "is over the host's limit of " + options.maxBodyBytes() + " bytes; send fewer rows per call,"
                + " or start the host with a larger limit");
    }

    private static CallResult notDeployed(String externalId) {
        return Envelope.error(404, "no function " + externalId + " is deployed here; GET /functions lists them");
    }

    private static byte[] oipError(String message) {
        try {
            return Json.DATA.writeValueAsBytes(Map.of("error", ErrorText.of(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
    }

    private static String first(Map<String, Deque<String>> query, String name) {
        Deque<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>(4);
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                segments.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return segments;
    }

    private static void send(HttpServerExchange exchange, CallResult result) {
        if (result.jsonLength() >= 0) {
            exchange.getResponseHeaders().put(BINARY_HEADER, result.jsonLength());
            send(exchange, result.status(), "application/octet-stream", result.body());
        } else {
            send(exchange, result.status(), JSON, result.body());
        }
    }

    /** @return the length of a binary request's JSON header, as its header says */
    private static int jsonLength(String header, int bodyLength) throws CallFailure {
        try {
            long length = Long.parseLong(header.strip());
            if (length > 0 && length <= bodyLength) {
                return (int) length;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new CallFailure(400, BinaryTensors.HEADER + " is " + ErrorText.clip(header, 24) + "; it is the length"
                + " of the JSON at the start of the body, from 1 to the body's " + bodyLength + " bytes");
    }

    private static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Who answers a call: the call thread with the result, or the timer with 504; whichever comes first. */
    private static final class PendingCall {
        private final AtomicBoolean answered = new AtomicBoolean();
        private Thread thread;
        /** The function that took the call, once it has: its meters count the call. */
        private volatile LoadedFunction function;
        /** An inference request's inputs as columns, and its prediction, for the prediction log. */
        private volatile JsonNode input;
        private volatile JsonNode output;
        /** A standard call's request, which knows where its data lies once bound. */
        private volatile CallRequest request;

        void record(Outcome outcome, long nanos) {
            LoadedFunction taken = function;
            if (taken != null) {
                taken.meters().record(outcome, nanos);
            }
        }

        boolean answer() {
            return answered.compareAndSet(false, true);
        }

        synchronized boolean begin() {
            if (answered.get()) {
                return false;
            }
            thread = Thread.currentThread();
            return true;
        }

        /** Called by the call thread: after this, the timer can no longer interrupt it. */
        synchronized void end() {
            thread = null;
            Thread.interrupted();
        }

        synchronized void interrupt() {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
