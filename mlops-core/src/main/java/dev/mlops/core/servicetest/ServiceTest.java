package dev.mlops.core.servicetest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.host.HostOptions;
import dev.mlops.core.host.HostProcess;
import dev.mlops.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service test: the bundles that would be deployed, served by the real function host in a separate JVM, each
 * sent the requests of its model's {@code test_file} over HTTP, each answer checked against its expectation.
 */
public final class ServiceTest {

    /**
     * The requests for one deployed function.
     *
     * @param externalId the function
     * @param bundle     its bundle file
     * @param cases      the requests
     */
    public record Suite(String externalId, Path bundle, List<ServiceTestCase> cases) {
    }

    private ServiceTest() {
    }

    /**
     * @param hostClassPath the function host's class path (mlops-core and its dependencies)
     * @param work          an empty folder for the host's deployments, state and log
     * @param suites        what to test
     * @param callTimeout   how long one call may take
     * @return the results by external id, in suite order
     */
    public static Map<String, List<ServiceTestResult>> run(List<Path> hostClassPath, Path work, List<Suite> suites,
                                                           Duration callTimeout) throws ServiceTestException {
        Map<String, List<ServiceTestResult>> results = new LinkedHashMap<>();
        Path deployments = work.resolve("deployments");
        Path state = work.resolve("host.properties");
        try {
            Files.createDirectories(deployments);
            for (Suite suite : suites) {
                Files.copy(suite.bundle(), deployments.resolve(suite.externalId() + BundleWriter.EXTENSION),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            HostOptions options = HostOptions.defaults(deployments).withPort(0).withCallTimeout(callTimeout);
            HostProcess.Running host;
            try {
                host = HostProcess.start(hostClassPath, options, state, Duration.ofSeconds(60));
            } catch (IOException e) {
                throw new ServiceTestException("the function host for the service test did not start: "
                        + e.getMessage(), e);
            }
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                for (Suite suite : suites) {
                    List<ServiceTestResult> suiteResults = new ArrayList<>();
                    for (ServiceTestCase testCase : suite.cases()) {
                        suiteResults.add(call(http, host.url(), suite.externalId(), testCase, callTimeout));
                    }
                    results.put(suite.externalId(), suiteResults);
                }
            } finally {
                HostProcess.stop(state, Duration.ofSeconds(10));
            }
        } catch (IOException e) {
            throw new ServiceTestException("the service test failed to run: " + e.getMessage(), e);
        }
        return results;
    }

    private static ServiceTestResult call(HttpClient http, String url, String externalId, ServiceTestCase testCase,
                                          Duration callTimeout) throws IOException {
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url + "/functions/" + externalId + "/call"))
                    .timeout(callTimeout.plusSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.DATA.writeValueAsString(testCase.request())))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        return new ServiceTestResult(testCase, response.statusCode(), response.body(), millis,
                mismatch(testCase.expect(), response.body()));
    }

    /** The answer against the expectation ({@link Expectation}). */
    static Optional<String> mismatch(JsonNode expect, String body) {
        JsonNode answer;
        try {
            answer = Json.DATA.readTree(body);
        } catch (IOException e) {
            return Optional.of("the answer is not JSON");
        }
        return Expectation.mismatch(expect, answer);
    }
}
