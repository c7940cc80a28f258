package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** What the host's tests share: models compiled once, bundles written, a host started, and calls made. */
final class HostHarness implements AutoCloseable {

    /** The linear model of the benchmark: AC = w0 + w1 ACS + w2 RDEP + w3 DEN. */
    static final String LINEAR = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Linear implements PredictionModel<Map<String, List<Double>>, double[]> {
                public double[] initialization(Path folder, Secrets secrets) throws ModelException {
                    try {
                        String[] parts = Files.readString(folder.resolve("coefficients.txt")).trim().split(" ");
                        double[] w = new double[parts.length];
                        for (int i = 0; i < w.length; i++) w[i] = Double.parseDouble(parts[i]);
                        return w;
                    } catch (java.io.IOException e) {
                        throw new ModelException("cannot read coefficients", e);
                    }
                }
                public Object predict(Map<String, List<Double>> data, double[] w, Secrets secrets) {
                    List<Double> ac = new ArrayList<>();
                    for (int r = 0; r < data.get("ACS").size(); r++) {
                        ac.add(w[0] + w[1] * data.get("ACS").get(r) + w[2] * data.get("RDEP").get(r)
                                + w[3] * data.get("DEN").get(r));
                    }
                    return Map.of("AC", ac);
                }
            }
            """;

    /** One row of the linear model and its answer. */
    static final String ROW = "{\"ACS\": [1.0], \"RDEP\": [3.0], \"DEN\": [2.0]}";

    record Response(int status, JsonNode json, String text) {
    }

    private final TestModels models;
    private final Path deployments;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FunctionHost host;

    HostHarness(TestModels models, Path deployments) {
        this.models = models;
        this.deployments = deployments;
    }

    /** Options for a test: a free port, short timeouts, a small body limit, a fast scan. */
    HostOptions options() {
        return HostOptions.defaults(deployments).withPort(0).withCallTimeout(Duration.ofSeconds(5))
                .withLoadTimeout(Duration.ofSeconds(5)).withMaxBodyBytes(64 * 1024)
                .withScanInterval(Duration.ofMillis(50));
    }

    FunctionHost start(HostOptions options) throws IOException {
        return start(options, name -> null);
    }

    /** @param environment where the functions' secret values come from */
    FunctionHost start(HostOptions options, java.util.function.UnaryOperator<String> environment)
            throws IOException {
        host = FunctionHost.start(options, environment);
        return host;
    }

    /** Starts a host that says it is ready only once told, as a pod's host that fetches its bundle. */
    FunctionHost startUnready(HostOptions options, java.util.function.UnaryOperator<String> environment)
            throws IOException {
        host = FunctionHost.start(options, environment, false);
        return host;
    }

    FunctionHost host() {
        return host;
    }

    Path deployments() {
        return deployments;
    }

    /** Writes a test-environment bundle of the model into the deployment folder. */
    void deploy(String name, String modelClass, String artifact, Service service, int version, Path... jars)
            throws Exception {
        ModelSettings settings = models.settings(name, modelClass, artifact, "");
        models.bundle(settings, service, version, List.of(jars), deployments);
    }

    Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = Json.DATA.readTree(response.body());
        } catch (IOException e) {
            // not JSON: metrics
        }
        return new Response(response.statusCode(), json, response.body());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path));
    }

    Response post(String path, String body) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String path) throws Exception {
        return send(request(path).GET());
    }

    Response delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    Response call(String function, String data) throws Exception {
        return post("/functions/" + function + "/call", "{\"data\": " + data + "}");
    }

    /**
     * Sends bytes as they are on a connection of its own and reads one answer.
     *
     * @return the status line and headers, a blank line, and the body
     */
    String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** Reads one HTTP answer with a Content-Length from a stream. */
    static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(Locale.ROOT);
        int length = 0;
        if (lower.contains("content-length: ")) {
            length = Integer.parseInt(lower.split("content-length: ")[1].split("\r\n")[0].trim());
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what + " within 15 s").isTrue();
    }

    /** @return whether the host lists the function as ready */
    boolean ready(String id) {
        try {
            Response response = get("/functions/" + id);
            return response.status() == 200 && response.json().path("status").asText().equals("ready");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
