package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Service;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Open Inference Protocol's binary tensor data extension, as Triton and KServe clients send it. */
class BinaryTensorsTest {

    private static final String ECHO = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Echo implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) { return data; }
            }
            """;

    private static final String LINEAR = "/v2/models/model1-prediction-test-3/infer";
    private static final String ECHOED = "/v2/models/echo-prediction-test-1/infer";

    @TempDir
    static Path shared;

    @TempDir
    static Path deployments;

    private static HostHarness harness;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestModels models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        harness = new HostHarness(models, deployments);
        harness.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3,
                models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR)));
        harness.deploy("echo", "com.example.Echo", "null", Service.PREDICTION, 1,
                models.jar("echo", Map.of("com.example.Echo", ECHO)));
        harness.start(harness.options());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private record Answer(int status, JsonNode json, byte[] binary, String headerLength) {
    }

    private Answer infer(String path, String json, byte[] binary) throws Exception {
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(head, head.length + binary.length);
        System.arraycopy(binary, 0, body, head.length, binary.length);
        return send(path, body, Integer.toString(head.length));
    }

    private Answer send(String path, byte[] body, String headerValue) throws Exception {
        HttpResponse<byte[]> response = http.send(harness.request(path)
                .header(BinaryTensors.HEADER, headerValue).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        String length = response.headers().firstValue(BinaryTensors.HEADER).orElse(null);
        int jsonLength = length == null ? response.body().length : Integer.parseInt(length);
        JsonNode json = Json.DATA.readTree(Arrays.copyOf(response.body(), jsonLength));
        return new Answer(response.statusCode(), json,
                Arrays.copyOfRange(response.body(), jsonLength, response.body().length), length);
    }

    private static byte[] doubles(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    private static String input(String name, String datatype, int rows, int bytes) {
        return "{\"name\": \"" + name + "\", \"shape\": [" + rows + "], \"datatype\": \"" + datatype + "\","
                + " \"parameters\": {\"binary_data_size\": " + bytes + "}}";
    }

    private static final String THREE_COLUMNS = "[" + input("ACS", "FP64", 2, 16) + ", " + input("RDEP", "FP64", 2, 16)
            + ", " + input("DEN", "FP64", 2, 16) + "]";
    private static final byte[] THREE_COLUMNS_DATA = concat(doubles(1, 2), doubles(3, 4), doubles(2, 2.5));

    @Test
    void binaryInputsAreReadAsTheirJsonTwinAndOutputsComeAsJsonUnlessAsked() throws Exception {
        Answer answer = infer(LINEAR, "{\"id\": \"7\", \"inputs\": " + THREE_COLUMNS + "}", THREE_COLUMNS_DATA);

        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        assertThat(answer.headerLength()).isNull();
        assertThat(answer.json().get("id").asText()).isEqualTo("7");
        assertThat(answer.json().get("outputs").get(0).get("data").toString()).isEqualTo("[20.0,27.0]");
    }

    @Test
    void binaryOutputsFollowTheJsonHeaderLittleEndian() throws Exception {
        Answer all = infer(LINEAR, "{\"inputs\": " + THREE_COLUMNS + ", \"parameters\": {\"binary_data_output\": true}}",
                THREE_COLUMNS_DATA);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.headerLength()).isNotNull();
        JsonNode output = all.json().get("outputs").get(0);
        assertThat(output.get("name").asText()).isEqualTo("AC");
        assertThat(output.get("datatype").asText()).isEqualTo("FP64");
        assertThat(output.has("data")).isFalse();
        assertThat(output.get("parameters").get("binary_data_size").asInt()).isEqualTo(16);
        assertThat(all.binary()).isEqualTo(doubles(20.0, 27.0));

        Answer perOutput = infer(LINEAR, "{\"inputs\": " + THREE_COLUMNS + ", \"outputs\": [{\"name\": \"AC\","
                + " \"parameters\": {\"binary_data\": true}}]}", THREE_COLUMNS_DATA);
        assertThat(perOutput.binary()).isEqualTo(doubles(20.0, 27.0));

        Answer unknown = infer(LINEAR, "{\"inputs\": " + THREE_COLUMNS + ", \"outputs\": [{\"name\": \"XX\"}]}",
                THREE_COLUMNS_DATA);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).isEqualTo("output XX is not among the model's outputs: AC");
    }

    @Test
    void everyDatatypeOfTheExtensionIsReadAndWritten() throws Exception {
        byte[] fp32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array();
        byte[] int32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-8).array();
        byte[] int64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(-1).array();
        byte[] bool = {1, 0};
        String inputs = "[" + input("f", "FP32", 2, 8) + ", " + input("i", "INT32", 2, 8) + ", "
                + input("l", "INT64", 2, 16) + ", " + input("b", "BOOL", 2, 2) + ", " + input("d", "FP64", 2, 16) + "]";
        Answer answer = infer(ECHOED, "{\"inputs\": " + inputs + ", \"parameters\": {\"binary_data_output\": true}}",
                concat(fp32, int32, int64, bool, doubles(0.25, 1e300)));

        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        ByteBuffer out = ByteBuffer.wrap(answer.binary()).order(ByteOrder.LITTLE_ENDIAN);
        java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
        for (JsonNode output : answer.json().get("outputs")) {
            types.put(output.get("name").asText(), output.get("datatype").asText());
        }
        assertThat(types).containsExactly(Map.entry("f", "FP64"), Map.entry("i", "INT64"), Map.entry("l", "INT64"),
                Map.entry("b", "BOOL"), Map.entry("d", "FP64"));
        assertThat(new double[] {out.getDouble(), out.getDouble()}).containsExactly(1.5, -2.0);
        assertThat(new long[] {out.getLong(), out.getLong()}).containsExactly(7, -8);
        assertThat(new long[] {out.getLong(), out.getLong()}).containsExactly(1L << 40, -1);
        assertThat(new byte[] {out.get(), out.get()}).containsExactly(1, 0);
        assertThat(new double[] {out.getDouble(), out.getDouble()}).containsExactly(0.25, 1e300);
        assertThat(out.hasRemaining()).isFalse();
    }

    @Test
    void everyDeclaredSizeIsCheckedAgainstTheBytesThatCame() throws Exception {
        String one = "{\"inputs\": [" + input("ACS", "FP64", 2, 16) + "]}";
        assertThat(error(infer(ECHOED, one, doubles(1)))).isEqualTo("input ACS needs 16 bytes of binary data but 8"
                + " are left in the request");
        assertThat(error(infer(ECHOED, one, doubles(1, 2, 3)))).isEqualTo("8 bytes of binary data follow the inputs"
                + " that no binary_data_size accounts for");
        assertThat(error(infer(ECHOED, "{\"inputs\": [" + input("ACS", "FP64", 2, 12) + "]}", doubles(1, 2))))
                .isEqualTo("input ACS has binary_data_size 12 but its shape [2] of FP64 takes 16 bytes");
        assertThat(error(infer(ECHOED, "{\"inputs\": [{\"name\": \"ACS\", \"shape\": [4611686018427387904],"
                + " \"datatype\": \"FP64\", \"parameters\": {\"binary_data_size\": 0}}]}", new byte[0])))
                .startsWith("input ACS has a shape of sizes from 0 to 2147483647");
        assertThat(error(infer(ECHOED, "{\"inputs\": [{\"name\": \"ACS\", \"shape\": [2147483647, 2147483647],"
                + " \"datatype\": \"FP64\", \"parameters\": {\"binary_data_size\": 16}}]}", doubles(1, 2))))
                .startsWith("input ACS has binary_data_size 16 but its shape");
        assertThat(error(infer(ECHOED, "{\"inputs\": [" + input("b", "BOOL", 1, 1) + "]}", new byte[] {2})))
                .isEqualTo("input b[0]: the byte 2 is no BOOL (0 or 1)");
        assertThat(error(infer(ECHOED, one, doubles(1, Double.NaN)))).startsWith("input ACS[1]: NaN does not fit");
        assertThat(error(infer(ECHOED, "{\"inputs\": [" + input("s", "BYTES", 1, 5) + "]}", new byte[5])))
                .startsWith("input s is BYTES; binary data is taken for FP32, FP64, INT32, INT64 and BOOL");
        assertThat(error(infer(ECHOED, "{\"inputs\": [{\"name\": \"ACS\", \"shape\": [1], \"datatype\": \"FP64\","
                + " \"data\": [1], \"parameters\": {\"binary_data_size\": 8}}]}", doubles(1))))
                .isEqualTo("input ACS has both data and binary_data_size; send one");

        byte[] head = one.getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(head, doubles(1, 2));
        assertThat(error(send(ECHOED, body, Integer.toString(body.length + 1)))).startsWith(
                "Inference-Header-Content-Length is " + (body.length + 1) + "; it is the length of the JSON");
        assertThat(error(send(ECHOED, body, "-5"))).startsWith("Inference-Header-Content-Length is -5;");
        assertThat(error(send(ECHOED, body, "abc"))).startsWith("Inference-Header-Content-Length is abc;");
        assertThat(error(send(ECHOED, body, Integer.toString(head.length - 3)))).startsWith(
                "the request body is not valid JSON");

        HttpResponse<String> noHeader = http.send(harness.request(ECHOED).POST(HttpRequest.BodyPublishers.ofString(
                one)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noHeader.statusCode()).isEqualTo(400);
        assertThat(noHeader.body()).contains("has binary_data_size, but the request has no"
                + " Inference-Header-Content-Length header");
    }

    private static String error(Answer answer) {
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(400);
        return answer.json().get("error").asText();
    }

    @Test
    void theServerSaysItHasTheExtension() throws Exception {
        assertThat(harness.get("/v2").json().get("extensions").toString()).isEqualTo("[\"binary_tensor_data\"]");
    }
}
