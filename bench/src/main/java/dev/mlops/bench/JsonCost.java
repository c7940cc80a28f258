package dev.mlops.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mlops.bench.model.LinearModel;
import dev.mlops.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What JSON costs a call of the host benchmark, in process and on one thread: the 100-row request's numbers parsed
 * with Jackson's streaming parser and bound to the model's record, and 100 predictions written in the envelope with
 * the streaming generator and with data binding. Prints microseconds per call, the median of 7 rounds.
 *
 * <p>Usage: {@code JsonCost}
 */
public final class JsonCost {

    private static final int CALLS = 100_000;

    private JsonCost() {
    }

    public static void main(String[] args) throws Exception {
        String request = HostBenchSetup.request(100);
        String data = request.substring(request.indexOf(':') + 1, request.lastIndexOf('}')).trim();
        byte[] body = request.getBytes(StandardCharsets.UTF_8);
        byte[] dataBytes = data.getBytes(StandardCharsets.UTF_8);
        JsonFactory factory = Json.DATA.getFactory();
        ObjectReader reader = Json.DATA.readerFor(LinearModel.Wells.class);
        LinearModel.Wells wells = reader.readValue(dataBytes);
        double[] predictions = new double[wells.ACS().length];
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = 60.0 + 0.25 * wells.ACS()[i] - 1.5 * wells.RDEP()[i] - 4.0 * wells.DEN()[i];
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", "ok");
        envelope.put("prediction", Map.of("AC", predictions));
        envelope.put("model_id", "linear/dev/1");

        double[] sink = new double[1];
        report("parse the request, streaming", () -> {
            try (JsonParser parser = factory.createParser(body)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                        sink[0] += parser.getDoubleValue();
                    }
                }
            }
        });
        report("bind the request's data to the record", () -> sink[0] += reader.<LinearModel.Wells>readValue(
                dataBytes).ACS().length);
        report("write 100 predictions, streaming", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            try (JsonGenerator generator = factory.createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringField("status", "ok");
                generator.writeObjectFieldStart("prediction");
                generator.writeFieldName("AC");
                generator.writeArray(predictions, 0, predictions.length);
                generator.writeEndObject();
                generator.writeStringField("model_id", "linear/dev/1");
                generator.writeEndObject();
            }
            sink[0] += out.size();
        });
        report("write the envelope, data binding", () -> sink[0] += Json.DATA.writeValueAsBytes(envelope).length);
        System.out.println("  (checksum " + (long) sink[0] + ")");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void report(String what, Call call) throws Exception {
        double[] rounds = new double[7];
        for (int round = -3; round < rounds.length; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            if (round >= 0) {
                rounds[round] = (System.nanoTime() - start) / 1e3 / CALLS;
            }
        }
        java.util.Arrays.sort(rounds);
        System.out.printf("  %-40s %6.2f us per call%n", what, rounds[rounds.length / 2]);
    }
}
