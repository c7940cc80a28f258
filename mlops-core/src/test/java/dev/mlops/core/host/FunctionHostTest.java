package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.naming.Service;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.settings.ModelSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionHostTest {

    private static final String LINEAR = HostHarness.LINEAR;


    private static final String TYPED = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Typed implements PredictionModel<Typed.Input, Void> {
                public record Input(List<Double> x, String label) {}
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Input in, Void state, Secrets secrets) {
                    return Map.of("sum", in.x().stream().mapToDouble(Double::doubleValue).sum(), "label", in.label());
                }
            }
            """;

    private static final String FAULTY = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Faulty implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) throws ModelException {
                    switch (String.valueOf(data.get("do"))) {
                        case "model_error": throw new ModelException("cannot predict: the well is unknown");
                        case "crash": throw new IllegalStateException("boom");
                        case "hang": {
                            System.setProperty("faulty.in.call", "hang");
                            long end = System.nanoTime() + 3_000_000_000L; // deaf to interrupts, but bounded
                            while (System.nanoTime() < end) { }
                            return "late";
                        }
                        case "sleep": {
                            System.setProperty("faulty.in.call", "sleep");
                            try { Thread.sleep(600); } catch (InterruptedException e) { return "interrupted"; }
                            return "slept";
                        }
                        default: return "fine";
                    }
                }
            }
            """;

    private static final String BROKEN_INIT = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class BrokenInit implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) throws ModelException {
                    throw new ModelException("the artifact is corrupt");
                }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) { return 1; }
            }
            """;

    private static final String SECRET_READER = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class SecretReader implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) throws ModelException {
                    return Map.of("token_length", secrets.require("API_TOKEN").length(),
                            "other", secrets.get("NOT_LISTED").isPresent());
                }
            }
            """;

    private static final String TRAINER = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Trainer implements TrainingModel {
                public Map<String, Object> train(Path folder, Secrets secrets) throws ModelException {
                    try {
                        Files.writeString(folder.resolve("coefficients.txt"), "1 2 3 4");
                    } catch (java.io.IOException e) {
                        throw new ModelException("cannot write", e);
                    }
                    return Map.of("rmse", 0.25);
                }
            }
            """;

    private static final String GREETER = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Greeter implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) {
                    return lib.Greeting.text();
                }
            }
            """;

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;
    private static Path typedJar;
    private static Path faultyJar;
    private static Path brokenJar;
    private static Path secretJar;
    private static Path trainerJar;
    private static Path greeterJar;
    private static Path libV1;
    private static Path libV2;

    @TempDir
    Path deployments;

    private FunctionHost host;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void compileModels() throws IOException {
        models = new TestModels(shared);
        linearJar = models.jar("linear", Map.of("com.example.Linear", LINEAR));
        typedJar = models.jar("typed", Map.of("com.example.Typed", TYPED));
        faultyJar = models.jar("faulty", Map.of("com.example.Faulty", FAULTY));
        brokenJar = models.jar("broken", Map.of("com.example.BrokenInit", BROKEN_INIT));
        secretJar = models.jar("secret", Map.of("com.example.SecretReader", SECRET_READER));
        trainerJar = models.jar("trainer", Map.of("com.example.Trainer", TRAINER));
        libV1 = models.jar("greeting-1.0", Map.of("lib.Greeting",
                "package lib; public class Greeting { public static String text() { return \"v1\"; } }"));
        libV2 = models.jar("greeting-2.0", Map.of("lib.Greeting",
                "package lib; public class Greeting { public static String text() { return \"v2\"; } }"));
        greeterJar = models.jar("greeter", Map.of("com.example.Greeter", GREETER), libV1);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
    }

    @BeforeEach
    void startHost() throws Exception {
        deploy("model1", "com.example.Linear", "linear_artifact", "", 3, linearJar);
        deploy("typed", "com.example.Typed", "null", "", 1, typedJar);
        deploy("faulty", "com.example.Faulty", "null", "", 1, faultyJar);
        host = FunctionHost.start(options(Optional.empty()), name -> name.equals("API_TOKEN") ? "s3cr3t-value" : null);
    }

    private HostOptions options(Optional<String> token) {
        return HostOptions.defaults(deployments).withPort(0).withToken(token).withCallTimeout(Duration.ofMillis(800))
                .withMaxBodyBytes(64 * 1024).withScanInterval(Duration.ofMillis(50));
    }

    @AfterEach
    void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    private void deploy(String name, String modelClass, String artifact, String extra, int version, Path... jars)
            throws Exception {
        ModelSettings settings = models.settings(name, modelClass, artifact, extra);
        models.bundle(settings, Service.PREDICTION, version, List.of(jars), deployments);
    }

    private record Response(int status, JsonNode json, String text) {
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = Json.DATA.readTree(response.body());
        } catch (IOException e) {
            // not JSON: metrics
        }
        return new Response(response.statusCode(), json, response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path));
    }

    private Response post(String path, String body) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response get(String path) throws Exception {
        return send(request(path).GET());
    }

    private Response call(String function, String data) throws Exception {
        return post("/functions/" + function + "/call", "{\"data\": " + data + "}");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }

    @Test
    void aPredictionComesInTheEnvelopeWithTheModelId() throws Exception {
        Response response = call("model1-prediction-test-3",
                "{\"ACS\": [1.0, 2.0], \"RDEP\": [3.0, 4.0], \"DEN\": [2.0, 2.5]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo(
                "{\"status\":\"ok\",\"prediction\":{\"AC\":[20.0,27.0]},\"model_id\":\"model1/test/3\"}");
    }

    @Test
    void bodiesArriveInPiecesOrWithoutALengthAndAreCheckedAgainstTheLimit() throws Exception {
        // A body that comes in two parts, the second after a pause: read when the rest arrives; the connection
        // then serves its next request.
        String body = "{\"data\": {\"ACS\": [1.0], \"RDEP\": [3.0], \"DEN\": [2.0]}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /functions/model1-prediction-test-3/call HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n";
        String expected = "{\"status\":\"ok\",\"prediction\":{\"AC\":[20.0]},\"model_id\":\"model1/test/3\"}";
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 20);
            out.flush();
            Thread.sleep(300);
            out.write(bytes, 20, bytes.length - 20);
            out.flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder headers = new StringBuilder();
            while (!headers.toString().endsWith("\r\n\r\n")) {
                headers.append((char) in.read());
            }
            assertThat(headers.toString()).startsWith("HTTP/1.1 200");
            int contentLength = Integer.parseInt(headers.toString().toLowerCase(java.util.Locale.ROOT)
                    .split("content-length: ")[1].split("\r\n")[0].trim());
            assertThat(new String(in.readNBytes(contentLength), StandardCharsets.UTF_8)).isEqualTo(expected);

            out.write((head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String second = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second).startsWith("HTTP/1.1 200").endsWith(expected);
        }

        // Without Content-Length (chunked), larger than one read buffer: the whole of it is bound.
        int rows = 4000;
        String column = String.join(", ", java.util.Collections.nCopies(rows, "1.0"));
        String large = "{\"data\": {\"ACS\": [" + column + "], \"RDEP\": [" + column + "], \"DEN\": [" + column
                + "]}}";
        assertThat(large.length()).isBetween(40 * 1024, 60 * 1024);
        Response chunked = send(request("/functions/model1-prediction-test-3/call").POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        large.getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.json().get("prediction").get("AC")).hasSize(rows);
        assertThat(chunked.json().get("prediction").get("AC").get(rows - 1).asDouble()).isEqualTo(10.0);

        // Chunked and over the limit: the caller reads the 413 (the host reads and drops the rest), never a reset.
        String tooLarge = "{\"data\": \"" + "x".repeat(70 * 1024) + "\"}";
        Response refused = send(request("/functions/model1-prediction-test-3/call").POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        tooLarge.getBytes(StandardCharsets.UTF_8)))));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(call("model1-prediction-test-3", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}").status())
                .isEqualTo(200);
    }

    @Test
    void dataIsBoundToTheRecordTheModelDeclares() throws Exception {
        Response response = call("typed-prediction-test-1", "{\"x\": [1, 2, 3.5], \"label\": \"well-7\", \"extra\": 1}");

        assertThat(response.json().get("prediction").get("sum").asDouble()).isEqualTo(6.5);
        assertThat(response.json().get("prediction").get("label").asText()).isEqualTo("well-7");

        Response wrong = call("typed-prediction-test-1", "{\"x\": \"not a list\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("status").asText()).isEqualTo("error");
        assertThat(wrong.json().get("error_message").asText()).startsWith("data does not fit the model's input:");
    }

    @Test
    void requiredInputIsEnforcedWithTheListOfWhatIsMissing() throws Exception {
        deploy("strict", "com.example.Linear", "linear_artifact", "", 1, linearJar);
        ModelSettings settings = models.settings("""
                model_name: strict
                human_friendly_model_name: Strict
                model_class: com.example.Linear
                artifact_folder: linear_artifact
                test_file: null
                info:
                  prediction:
                    description: d
                    owner: o
                    metadata:
                      required_input: [ACS, RDEP, DEN]
                """);
        models.bundle(settings, Service.PREDICTION, 1, List.of(linearJar), deployments);
        // The first bundle is served already: wait for the one that requires the inputs, by what it says.
        await(() -> requiredInput("strict-prediction-test-1").equals("[\"ACS\",\"RDEP\",\"DEN\"]"));

        Response response = call("strict-prediction-test-1", "{\"RDEP\": [1.0]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error_message").asText())
                .isEqualTo("missing required input: ACS, DEN (metadata.required_input of strict)");
    }

    private String requiredInput(String id) {
        try {
            return get("/functions/" + id).json().path("required_input").toString();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void badRequestsGetClearErrorsAndTheHostStaysUp() throws Exception {
        Response malformed = post("/functions/model1-prediction-test-3/call", "{\"data\": [1, 2");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error_message").asText()).startsWith("the request body is not valid JSON:");

        Response notAnObject = post("/functions/model1-prediction-test-3/call", "[1, 2]");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.json().get("error_message").asText())
                .isEqualTo("a call's body is a JSON object: {\"data\": …, \"to_file\": false}");

        Response unknown = call("nope-prediction-test-1", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).isEqualTo("{\"status\":\"error\",\"error_message\":\"no function"
                + " nope-prediction-test-1 is deployed here; GET /functions lists them\"}");

        Response tooBig = post("/functions/model1-prediction-test-3/call",
                "{\"data\": \"" + "x".repeat(70 * 1024) + "\"}");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("error_message").asText()).startsWith("the request body of 71692 bytes is"
                + " over the host's limit of 65536 bytes");

        Response wrongMethod = get("/functions/model1-prediction-test-3/call");
        assertThat(wrongMethod.status()).isEqualTo(405);

        assertThat(get("/nowhere").status()).isEqualTo(404);
        assertThat(call("model1-prediction-test-3", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}").status())
                .isEqualTo(200);
    }

    @Test
    void modelFailuresAreErrorEnvelopesWithoutStackTraces() throws Exception {
        Response modelError = call("faulty-prediction-test-1", "{\"do\": \"model_error\"}");
        assertThat(modelError.status()).isEqualTo(500);
        assertThat(modelError.text()).isEqualTo(
                "{\"status\":\"error\",\"error_message\":\"cannot predict: the well is unknown\"}");

        Response crash = call("faulty-prediction-test-1", "{\"do\": \"crash\"}");
        assertThat(crash.status()).isEqualTo(500);
        assertThat(crash.json().get("error_message").asText())
                .isEqualTo("the model failed: java.lang.IllegalStateException: boom");
        assertThat(crash.text()).doesNotContain("\tat ").doesNotContain("Faulty.java");
    }

    @Test
    void aHangingModelIsTimedOutWhileOthersKeepAnswering() throws Exception {
        System.clearProperty("faulty.in.call");
        CompletableFuture<Response> hanging = CompletableFuture.supplyAsync(() -> {
            try {
                return call("faulty-prediction-test-1", "{\"do\": \"hang\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> "hang".equals(System.getProperty("faulty.in.call")));
        for (int i = 0; i < 5; i++) {
            assertThat(call("model1-prediction-test-3", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}")
                    .status()).isEqualTo(200);
        }
        Response timedOut = hanging.get();
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.json().get("error_message").asText())
                .isEqualTo("faulty-prediction-test-1 did not answer within 800 ms (the host's call timeout)");

        Response sleeping = call("faulty-prediction-test-1", "{\"do\": \"sleep\"}");
        assertThat(sleeping.status()).as("a call within the timeout is answered").isEqualTo(200);
        assertThat(call("faulty-prediction-test-1", "{\"do\": \"nothing\"}").json().get("prediction").asText())
                .isEqualTo("fine");
    }

    @Test
    void aModelThatFailsToInitializeIsListedAndSaysWhy() throws Exception {
        deploy("broken", "com.example.BrokenInit", "null", "", 1, brokenJar);
        await(() -> listed("broken-prediction-test-1"));

        Response response = call("broken-prediction-test-1", "{}");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json().get("error_message").asText())
                .isEqualTo("broken-prediction-test-1 cannot answer: initialization failed: the artifact is corrupt");
        Response ready = get("/v2/models/broken-prediction-test-1/ready");
        assertThat(ready.status()).isEqualTo(400);
        assertThat(ready.json().get("ready").asBoolean()).isFalse();
        JsonNode listed = get("/functions/broken-prediction-test-1").json();
        assertThat(listed.get("status").asText()).isEqualTo("failed");
    }

    private boolean listed(String id) {
        try {
            return get("/functions/" + id).status() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void secretsAreResolvedByNameFromTheHostsEnvironment() throws Exception {
        deploy("secretive", "com.example.SecretReader", "null", "secrets: [API_TOKEN]", 1, secretJar);
        await(() -> listed("secretive-prediction-test-1"));

        Response response = call("secretive-prediction-test-1", "{}");
        assertThat(response.json().get("prediction").get("token_length").asInt()).isEqualTo("s3cr3t-value".length());
        assertThat(response.json().get("prediction").get("other").asBoolean()).isFalse();
        assertThat(get("/functions/secretive-prediction-test-1").text()).contains("API_TOKEN")
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void listingFiltersByEnvModelServiceAndTag() throws Exception {
        JsonNode all = get("/functions").json();
        assertThat(all).extracting(f -> f.get("external_id").asText())
                .containsExactly("faulty-prediction-test-1", "model1-prediction-test-3", "typed-prediction-test-1");
        assertThat(get("/functions?model=model1").json()).hasSize(1);
        assertThat(get("/functions?env=prod").json()).isEmpty();
        assertThat(get("/functions?service=prediction&tag=stage=test").json()).hasSize(3);
        assertThat(get("/functions?tag=stage=prod").json()).isEmpty();

        JsonNode one = get("/functions/model1-prediction-test-3").json();
        assertThat(one.get("model_id").asText()).isEqualTo("model1/test/3");
        assertThat(one.get("status").asText()).isEqualTo("ready");
        assertThat(one.get("git_commit").asText()).isEqualTo("abc123");
        assertThat(one.has("class_path")).isFalse();
    }

    @Test
    void predictionsCanBeStoredAsFiles() throws Exception {
        Response response = post("/functions/model1-prediction-test-3/call",
                "{\"data\": {\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}, \"to_file\": true}");

        assertThat(response.json().get("status").asText()).isEqualTo("ok");
        assertThat(response.json().get("model_id").asText()).isEqualTo("model1/test/3");
        String file = response.json().get("prediction_file").asText();
        assertThat(get("/files/" + file).text()).isEqualTo("{\"AC\":[10.0]}");
        assertThat(get("/files/../../etc/passwd").status()).isEqualTo(404);
    }

    @Test
    void aTrainingServiceReturnsItsArtifactAndMetadata() throws Exception {
        ModelSettings settings = models.settings("trainer", "com.example.Trainer", "null", "");
        models.bundle(settings, Service.TRAINING, 1, List.of(trainerJar), deployments);
        await(() -> listed("trainer-training-test-1"));

        JsonNode training = call("trainer-training-test-1", "{}").json().get("training");

        assertThat(training.get("metadata").get("rmse").asDouble()).isEqualTo(0.25);
        assertThat(training.get("artifact").get("files").asInt()).isEqualTo(1);
        assertThat(training.get("artifact").get("sha256").asText()).hasSize(64);
        HttpResponse<byte[]> zip = http.send(request("/files/" + training.get("artifact").get("artifact_file")
                .asText()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.headers().firstValue("content-type")).contains("application/zip");
        assertThat(zip.body()).startsWith('P', 'K');
    }

    @Test
    void twoBundlesWithDifferentVersionsOfALibraryServeSideBySide() throws Exception {
        deploy("greeter_a", "com.example.Greeter", "null", "", 1, greeterJar, libV1);
        deploy("greeter_b", "com.example.Greeter", "null", "", 1, greeterJar, libV2);
        await(() -> listed("greeter_a-prediction-test-1") && listed("greeter_b-prediction-test-1"));

        assertThat(call("greeter_a-prediction-test-1", "{}").json().get("prediction").asText()).isEqualTo("v1");
        assertThat(call("greeter_b-prediction-test-1", "{}").json().get("prediction").asText()).isEqualTo("v2");
    }

    @Test
    void aReplacedBundleIsServedWithoutRestartAndCallsInFlightFinishOnTheOldOne() throws Exception {
        System.clearProperty("faulty.in.call");
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return call("faulty-prediction-test-1", "{\"do\": \"sleep\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> "sleep".equals(System.getProperty("faulty.in.call")));
        // Replace faulty-prediction-test-1 with a bundle whose model is the typed one.
        ModelSettings replacement = models.settings("faulty", "com.example.Typed", "null", "");
        models.bundle(replacement, Service.PREDICTION, 1, List.of(typedJar), deployments);
        await(() -> {
            try {
                return call("faulty-prediction-test-1", "{\"x\": [1], \"label\": \"new\"}").json()
                        .path("prediction").path("label").asText().equals("new");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(inFlight.get().json().get("prediction").asText()).isEqualTo("slept");
    }

    @Test
    void aRemovedBundleStopsBeingServed() throws Exception {
        Files.delete(deployments.resolve("typed-prediction-test-1" + BundleWriter.EXTENSION));
        await(() -> !listed("typed-prediction-test-1"));
        assertThat(call("typed-prediction-test-1", "{}").status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheBundleAndATokenGuardsCallsAndAdministration() throws Exception {
        host.close();
        host = FunctionHost.start(options(Optional.of("t0ken")), name -> null);

        assertThat(send(request("/functions/typed-prediction-test-1").DELETE()).status()).isEqualTo(401);
        assertThat(call("typed-prediction-test-1", "{}").status()).isEqualTo(401);
        assertThat(get("/functions").json().get("error_message").asText()).isEqualTo("missing or wrong bearer token;"
                + " send the header 'Authorization: Bearer <token>' with the host's token");
        assertThat(get("/v2/health/live").status()).as("probes need no token").isEqualTo(200);
        assertThat(get("/metrics").status()).isEqualTo(200);

        assertThat(send(request("/functions").header("X-Mlops-Authorization", "Bearer t0ken")).status())
                .as("the header a call through the Kubernetes API server's proxy carries it in").isEqualTo(200);
        assertThat(send(request("/functions").header("X-Mlops-Authorization", "Bearer wrong")).status())
                .isEqualTo(401);
        assertThat(send(request("/functions").header("X-Mlops-Authorization", "t0ken")).status())
                .as("the scheme is needed there too").isEqualTo(401);
        Response deleted = send(request("/functions/typed-prediction-test-1").DELETE()
                .header("Authorization", "Bearer t0ken"));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deployments.resolve("typed-prediction-test-1.bundle")).doesNotExist();
        assertThat(send(request("/functions/typed-prediction-test-1/call").header("Authorization", "Bearer t0ken")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).status()).isEqualTo(404);
    }

    @Test
    void theOpenInferenceProtocolMapsTensorsToColumns() throws Exception {
        assertThat(get("/v2/health/live").text()).isEqualTo("{\"live\":true}");
        assertThat(get("/v2/health/ready").text()).isEqualTo("{\"ready\":true}");
        assertThat(get("/v2").json().get("name").asText()).isEqualTo("mlops");
        assertThat(get("/v2/models/model1-prediction-test-3/ready").json().get("ready").asBoolean()).isTrue();
        JsonNode metadata = get("/v2/models/model1-prediction-test-3").json();
        assertThat(metadata.get("versions").get(0).asText()).isEqualTo("3");

        Response inferred = post("/v2/models/model1-prediction-test-3/infer", """
                {"id": "req-1", "inputs": [
                  {"name": "ACS", "shape": [2], "datatype": "FP64", "data": [1.0, 2.0]},
                  {"name": "RDEP", "shape": [2, 1], "datatype": "FP64", "data": [[3.0], [4.0]]},
                  {"name": "DEN", "shape": [2], "datatype": "FP64", "data": [2.0, 2.5]}]}
                """);
        assertThat(inferred.status()).isEqualTo(200);
        assertThat(inferred.text()).isEqualTo("{\"model_name\":\"model1-prediction-test-3\",\"model_version\":\"3\","
                + "\"id\":\"req-1\",\"outputs\":[{\"name\":\"AC\",\"shape\":[2],\"datatype\":\"FP64\","
                + "\"data\":[20.0,27.0]}]}");

        Response badShape = post("/v2/models/model1-prediction-test-3/infer",
                "{\"inputs\": [{\"name\": \"ACS\", \"shape\": [3], \"datatype\": \"FP64\", \"data\": [1.0]}]}");
        assertThat(badShape.status()).isEqualTo(400);
        assertThat(badShape.text()).isEqualTo("{\"error\":\"input ACS has shape [3] (3 values) but 1 values\"}");
        assertThat(post("/v2/models/nope/infer", "{}").status()).isEqualTo(404);
    }

    @Test
    void metricsCountCallsByOutcomeWithLatencyHistograms() throws Exception {
        call("model1-prediction-test-3", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}");
        call("model1-prediction-test-3", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}");
        call("faulty-prediction-test-1", "{\"do\": \"model_error\"}");

        String metrics = get("/metrics").text();
        String labels = "env=\"test\",function=\"model1-prediction-test-3\",model=\"model1\"";
        assertThat(metrics).contains("mlops_calls_total{" + labels + ",outcome=\"ok\",service=\"prediction\","
                + "version=\"3\"} 2.0");
        assertThat(metrics).contains("mlops_calls_total{env=\"test\",function=\"faulty-prediction-test-1\","
                + "model=\"faulty\",outcome=\"model_error\",service=\"prediction\",version=\"1\"} 1.0");
        assertThat(metrics).contains("mlops_call_duration_seconds_bucket{" + labels);
        assertThat(metrics).contains("mlops_call_duration_seconds_count{" + labels
                + ",service=\"prediction\",version=\"3\"} 2");
    }

    @Test
    void anAliasReachesItsTargetIsListedAsLatestAndMoves() throws Exception {
        deploy("model1", "com.example.Linear", "linear_artifact", "", 4, linearJar);
        new AliasFile("model1-prediction-test", "model1-prediction-test-3", 3).write(deployments);
        await(() -> listed("model1-prediction-test"));

        Response viaAlias = call("model1-prediction-test", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}");
        assertThat(viaAlias.json().get("model_id").asText()).isEqualTo("model1/test/3");
        JsonNode alias = get("/functions/model1-prediction-test").json();
        assertThat(alias.get("alias_of").asText()).isEqualTo("model1-prediction-test-3");
        assertThat(alias.get("metadata").get("version").asText()).isEqualTo("3");
        assertThat(alias.get("description").asText()).isEqualTo("Predicts for model1 (latest: model1-prediction-test-3)");
        assertThat(get("/functions?model=model1").json()).extracting(f -> f.get("external_id").asText())
                .containsExactly("model1-prediction-test", "model1-prediction-test-3", "model1-prediction-test-4");

        new AliasFile("model1-prediction-test", "model1-prediction-test-4", 4).write(deployments);
        await(() -> {
            try {
                return call("model1-prediction-test", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}")
                        .json().get("model_id").asText().equals("model1/test/4");
            } catch (Exception e) {
                return false;
            }
        });
        Response refused = send(request("/functions/model1-prediction-test-4").DELETE());
        assertThat(refused.status()).as("the alias's target stays").isEqualTo(409);
        assertThat(refused.json().get("error_message").asText()).isEqualTo("model1-prediction-test points to"
                + " model1-prediction-test-4, so it stays; point the alias at another version or delete the alias"
                + " first");
        assertThat(deployments.resolve("model1-prediction-test-4" + BundleWriter.EXTENSION)).exists();
        assertThat(send(request("/functions/model1-prediction-test").DELETE()).status()).isEqualTo(200);
        assertThat(deployments.resolve("model1-prediction-test.alias")).doesNotExist();
        assertThat(call("model1-prediction-test", "{}").status()).isEqualTo(404);
        assertThat(call("model1-prediction-test-4", "{\"ACS\": [1.0], \"RDEP\": [1.0], \"DEN\": [1.0]}")
                .status()).as("removing an alias leaves its target").isEqualTo(200);
    }

    @Test
    void theHostBindsToLoopbackByDefault() {
        assertThat(HostOptions.defaults(deployments).bind()).isEqualTo("127.0.0.1");
    }
}
