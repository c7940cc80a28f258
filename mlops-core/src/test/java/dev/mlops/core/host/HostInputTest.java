package dev.mlops.core.host;

import static dev.mlops.core.host.HostHarness.ROW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.host.HostHarness.Response;
import dev.mlops.core.naming.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests as an attacker writes them: every declared size and every number checked against what the model takes,
 * before anything is allocated from it. Each test fails on the host before issue 14.
 */
class HostInputTest {

    private static final String COUNTS = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Counts implements PredictionModel<Counts.Input, Void> {
                public record Input(List<Integer> n, float scale, double[] weights, float[] gains) {}
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Input in, Void state, Secrets secrets) {
                    return Map.of("total", in.n().stream().mapToInt(Integer::intValue).sum() * in.scale());
                }
            }
            """;

    @TempDir
    static Path shared;

    @TempDir
    static Path deployments;

    private static HostHarness harness;

    @BeforeAll
    static void start() throws Exception {
        TestModels models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        harness = new HostHarness(models, deployments);
        harness.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3,
                models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR)));
        harness.deploy("counts", "com.example.Counts", "null", Service.PREDICTION, 1,
                models.jar("counts", Map.of("com.example.Counts", COUNTS)));
        harness.deploy("echo", "com.example.Echo", "null", Service.PREDICTION, 1,
                models.jar("echo", Map.of("com.example.Echo", """
                        package com.example;
                        import dev.mlops.api.*;
                        import java.nio.file.Path;
                        import java.util.*;
                        public class Echo implements PredictionModel<Map<String, Object>, Object> {
                            public Object initialization(Path folder, Secrets secrets) { return null; }
                            public Object predict(Map<String, Object> data, Object state, Secrets secrets) {
                                return data;
                            }
                        }
                        """)));
        harness.start(harness.options().withToken(Optional.of("s3cr3t")));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Response call(String function, String data) throws Exception {
        return post("/functions/" + function + "/call", "{\"data\": " + data + "}");
    }

    private static Response post(String path, String body) throws Exception {
        return harness.send(harness.request(path).header("Authorization", "Bearer s3cr3t")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response infer(String inputs) throws Exception {
        return post("/v2/models/model1-prediction-test-3/infer", "{\"inputs\": " + inputs + "}");
    }

    private static String message(Response response) {
        return response.json().has("error_message") ? response.json().get("error_message").asText()
                : response.json().get("error").asText();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
            Response response = harness.send(harness.request("/functions").header("Authorization", scheme + " s3cr3t")
                    .GET());
            assertThat(response.status()).as(scheme).isEqualTo(200);
        }
        assertThat(harness.send(harness.request("/functions").header("Authorization", "Basic s3cr3t").GET())
                .status()).isEqualTo(401);
        assertThat(harness.send(harness.request("/functions").header("Authorization", "bearer s3cr3x").GET())
                .status()).isEqualTo(401);
    }

    @Test
    void anIdThatCannotBeOneIsA404WhateverItHolds() throws Exception {
        String nul = "model1-prediction-test-3%00";
        String longId = "m".repeat(300) + "-prediction-test-1";
        for (String id : new String[] {nul, longId, "..%2F..%2Fetc", "%FF%FE"}) {
            for (String method : new String[] {"GET", "DELETE"}) {
                String answer = harness.raw((method + " /functions/" + id + " HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer s3cr3t\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(answer).as(method + " " + id).startsWith("HTTP/1.1 404").doesNotContain("\u0000");
            }
            String call = harness.raw(("POST /functions/" + id + "/call HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer s3cr3t\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(call).as("call " + id).startsWith("HTTP/1.1 404");
        }
        assertThat(call("model1-prediction-test-3", ROW).status()).isEqualTo(200);
    }

    @Test
    void aKeyGivenTwiceIsA400() throws Exception {
        Response twice = call("model1-prediction-test-3", "{\"ACS\": [1.0], \"ACS\": [2.0], \"RDEP\": [3.0],"
                + " \"DEN\": [2.0]}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(message(twice)).contains("Duplicate field 'ACS'");
        assertThat(post("/functions/model1-prediction-test-3/call", "{\"data\": " + ROW + ", \"data\": " + ROW + "}")
                .status()).isEqualTo(400);
        assertThat(infer("[{\"name\": \"ACS\", \"name\": \"RDEP\", \"shape\": [1], \"datatype\": \"FP64\","
                + " \"data\": [1]}]").status()).isEqualTo(400);
    }

    @Test
    void numbersThatDoNotFitTheDeclaredTypeAre400sNamingTheInput() throws Exception {
        Response infinite = call("model1-prediction-test-3", "{\"ACS\": [1.0, 1e999], \"RDEP\": [3.0, 1],"
                + " \"DEN\": [2.0, 1]}");
        assertThat(infinite.status()).isEqualTo(400);
        assertThat(message(infinite)).isEqualTo("data does not fit the model's input: data.ACS[1]: 1e999 is beyond"
                + " the range of a double (about ±1.8e308)");

        String eighty = "1" + "0".repeat(79);
        Response huge = call("model1-prediction-test-3", "{\"ACS\": [" + eighty + "], \"RDEP\": [3.0], \"DEN\": [2]}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(message(huge)).startsWith("data does not fit the model's input: data.ACS[0]: the whole number of"
                + " 80 digits is beyond the range");
        Response hugeInt = call("counts-prediction-test-1", "{\"n\": [" + eighty + "], \"scale\": 1}");
        assertThat(hugeInt.status()).isEqualTo(400);
        assertThat(message(hugeInt)).startsWith("data does not fit the model's input: data.n[0]:");

        Response decimalIntoInt = call("counts-prediction-test-1", "{\"n\": [1, 1.7], \"scale\": 1}");
        assertThat(decimalIntoInt.status()).isEqualTo(400);
        assertThat(message(decimalIntoInt)).startsWith("data does not fit the model's input: data.n[1]:")
                .contains("1.7");
        Response overInt = call("counts-prediction-test-1", "{\"n\": [3000000000], \"scale\": 1}");
        assertThat(overInt.status()).isEqualTo(400);
        assertThat(message(overInt)).startsWith("data does not fit the model's input: data.n[0]:");
        Response overFloat = call("counts-prediction-test-1", "{\"n\": [1], \"scale\": 1e300}");
        assertThat(overFloat.status()).isEqualTo(400);
        assertThat(message(overFloat)).startsWith("data does not fit the model's input: data.scale:");

        Response overArray = call("counts-prediction-test-1", "{\"n\": [1], \"scale\": 1, \"weights\": [1, -2e400]}");
        assertThat(overArray.status()).isEqualTo(400);
        assertThat(message(overArray)).isEqualTo("data does not fit the model's input: data.weights[1]: -2e400 is"
                + " beyond the range of a double (about ±1.8e308)");
        Response hugeInArray = call("counts-prediction-test-1", "{\"n\": [1], \"scale\": 1, \"weights\": [" + eighty
                + "]}");
        assertThat(message(hugeInArray)).startsWith("data does not fit the model's input: data.weights[0]: the whole"
                + " number of 80 digits");
        Response overFloats = call("counts-prediction-test-1", "{\"n\": [1], \"scale\": 1, \"gains\": [1, 1e39]}");
        assertThat(message(overFloats)).isEqualTo("data does not fit the model's input: data.gains[1]: 1e39 is"
                + " beyond the range of a float (about ±3.4e38)");
        Response textInArray = call("counts-prediction-test-1", "{\"n\": [1], \"scale\": 1, \"weights\": [\"x\"]}");
        assertThat(message(textInArray)).startsWith("data does not fit the model's input: data.weights[0]:");

        Response fine = call("counts-prediction-test-1", "{\"n\": [1, 2, 3], \"scale\": 0.5, \"weights\": [1e300]}");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.json().get("prediction").get("total").asDouble()).isEqualTo(3.0);
    }

    @Test
    void aModelThatTakesAMapOfObjectsGetsNoInfinityEither() throws Exception {
        Response infinite = call("echo-prediction-test-1", "{\"x\": [1, {\"y\": 1e999}]}");
        assertThat(infinite.status()).isEqualTo(400);
        assertThat(message(infinite)).isEqualTo("data does not fit the model's input: data.x[1].y: 1e999 is beyond"
                + " the range of a double (about ±1.8e308)");
        String eighty = "1" + "0".repeat(79);
        Response echoed = call("echo-prediction-test-1", "{\"big\": " + eighty + ", \"small\": 2, \"d\": 0.5,"
                + " \"s\": \"NaN\"}");
        assertThat(echoed.status()).isEqualTo(200);
        assertThat(echoed.json().get("prediction").toString()).isEqualTo("{\"big\":" + eighty + ",\"small\":2,"
                + "\"d\":0.5,\"s\":\"NaN\"}");
    }

    @Test
    void deepNestingIsRefusedBeforeItIsBuilt() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Response response = call("model1-prediction-test-3", "{\"ACS\": " + deep + "}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(message(response)).startsWith("the request is beyond the host's limits:");
        assertThat(infer("[{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": " + deep + "}]")
                .status()).isEqualTo(400);
    }

    @Test
    void aTensorsShapeIsCheckedAgainstItsDataBeforeAnythingIsMadeFromIt() throws Exception {
        // ~100 bytes that asked the host for an array of two billion entries.
        Response emptyButHuge = infer("[{\"name\": \"ACS\", \"shape\": [2000000000, 0], \"datatype\": \"FP64\","
                + " \"data\": []}]");
        assertThat(emptyButHuge.status()).isNotEqualTo(500);
        // Sizes whose product overflows a long, and would wrap to the length of the data.
        Response overflow = infer("[{\"name\": \"ACS\", \"shape\": [2147483647, 2147483647, 2147483647, 4],"
                + " \"datatype\": \"FP64\", \"data\": [1, 2, 3, 4]}]");
        assertThat(overflow.status()).isEqualTo(400);
        assertThat(message(overflow)).isEqualTo("input ACS has shape [2147483647,2147483647,2147483647,4], more"
                + " values than any request can hold");
        Response tooFew = infer("[{\"name\": \"ACS\", \"shape\": [3], \"datatype\": \"FP64\", \"data\": [1, 2]}]");
        assertThat(message(tooFew)).isEqualTo("input ACS has shape [3] (3 values) but 2 values");
        Response tooMany = infer("[{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1, 2]}]");
        assertThat(message(tooMany)).isEqualTo("input ACS has more values than its shape declares (1)");
        Response negative = infer("[{\"name\": \"ACS\", \"shape\": [-1], \"datatype\": \"FP64\", \"data\": [1]}]");
        assertThat(negative.status()).isEqualTo(400);
        Response manyDims = infer("[{\"name\": \"ACS\", \"shape\": [" + "1,".repeat(40) + "1], \"datatype\": \"FP64\","
                + " \"data\": [1]}]");
        assertThat(message(manyDims)).isEqualTo("input ACS needs a shape: a list of at most 16 sizes");
        Response noType = infer("[{\"name\": \"ACS\", \"shape\": [1], \"data\": [1]}]");
        assertThat(message(noType)).startsWith("input ACS needs a datatype: one of BOOL,");
        Response unknownType = infer("[{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"FP8\", \"data\": [1]}]");
        assertThat(message(unknownType)).startsWith("input ACS has datatype FP8; the host takes BOOL,");
        Response wrongType = infer("[{\"name\": \"ACS\", \"shape\": [2], \"datatype\": \"INT32\", \"data\": [1, 1.5]}]");
        assertThat(message(wrongType)).isEqualTo("input ACS[1]: 1.5 does not fit INT32");
        Response notBool = infer("[{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"BOOL\", \"data\": [1]}]");
        assertThat(message(notBool)).isEqualTo("input ACS[0]: 1 does not fit BOOL");
        Response infinite = infer("[{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1e999]}]");
        assertThat(message(infinite)).startsWith("input ACS[0]: ").endsWith(" does not fit FP64");
        Response overFp32 = infer("[{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1e300]}]");
        assertThat(message(overFp32)).isEqualTo("input ACS[0]: 1.0E300 does not fit FP32");

        Response good = infer("[{\"name\": \"ACS\", \"shape\": [2, 1], \"datatype\": \"FP64\", \"data\": [1, 2]},"
                + " {\"name\": \"RDEP\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [3, 4]},"
                + " {\"name\": \"DEN\", \"shape\": [2], \"datatype\": \"INT64\", \"data\": [2, 3]}]");
        assertThat(good.status()).as(good.text()).isEqualTo(200);
        assertThat(good.json().get("outputs").get(0).get("data").toString()).isEqualTo("[20.0,29.0]");
    }
}
