package dev.mlops.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.naming.Service;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.host.FunctionHost;
import dev.mlops.core.host.HostOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionClientTest {

    private static final String SQUARER = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Squarer implements PredictionModel<Map<String, Double>, Void> {
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Double> data, Void state, Secrets secrets) throws ModelException {
                    if (!data.containsKey("x")) throw new ModelException("x is missing");
                    return data.get("x") * data.get("x");
                }
            }
            """;

    @TempDir
    Path folder;

    @Test
    void callsListsAndDeletesFunctionsOfARunningHost() throws Exception {
        TestModels models = new TestModels(folder);
        Path jar = models.jar("squarer", Map.of("com.example.Squarer", SQUARER));
        Path deployments = Files.createDirectories(folder.resolve("deployments"));
        models.bundle(models.settings("squarer", "com.example.Squarer", "null", ""), Service.PREDICTION, 1,
                List.of(jar), deployments);
        new AliasFile("squarer-prediction-test", "squarer-prediction-test-1", 1).write(deployments);

        try (FunctionHost host = FunctionHost.start(HostOptions.defaults(deployments).withPort(0)
                .withToken(Optional.of("secret-token")))) {
            FunctionClient client = new FunctionClient(URI.create("http://127.0.0.1:" + host.port()),
                    Optional.of("secret-token"));

            assertThat(client.call("squarer-prediction-test", Map.of("x", 3.0)).asDouble()).isEqualTo(9.0);

            List<Map<String, Double>> inputs = new ArrayList<>();
            IntStream.range(0, 50).forEach(i -> inputs.add(Map.of("x", (double) i)));
            List<JsonNode> squares = client.callParallel("squarer-prediction-test-1", inputs);
            assertThat(squares).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(squares.get(i).asDouble()).isEqualTo((double) i * i);
            }

            assertThatThrownBy(() -> client.call("squarer-prediction-test", Map.of("y", 1.0)))
                    .isInstanceOf(FunctionException.class).hasMessage("x is missing")
                    .satisfies(e -> assertThat(((FunctionException) e).status()).isEqualTo(500));
            assertThatThrownBy(() -> client.callParallel("squarer-prediction-test", List.of(Map.of("x", 1.0),
                    Map.of("y", 1.0)))).hasMessage("input 1: x is missing");

            assertThat(client.list(Map.of("env", "test"))).extracting(f -> f.get("external_id").asText())
                    .containsExactly("squarer-prediction-test", "squarer-prediction-test-1");
            client.delete("squarer-prediction-test");
            assertThat(client.list(Map.of())).hasSize(1);

            FunctionClient noToken = new FunctionClient(URI.create("http://127.0.0.1:" + host.port()),
                    Optional.empty());
            assertThatThrownBy(() -> noToken.call("squarer-prediction-test-1", Map.of("x", 1.0)))
                    .hasMessageStartingWith("missing or wrong bearer token");
        }
    }
}
