package dev.mlops.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.S3ArtifactStore;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.S3Server;
import dev.mlops.core.store.StoreAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path folder;

    private LogTarget target(String store) {
        return new LogTarget(store, "mlops", "model1", "test", 3, 1.0);
    }

    private static LoggedCall call(LogTarget target, Instant time, String input, String output, String error,
                                   List<String> secrets) {
        LoggedCall.Content content = new LoggedCall.Content() {
            @Override
            public JsonNode input() {
                return tree(input);
            }

            @Override
            public JsonNode output() {
                return output == null ? null : tree(output);
            }

            @Override
            public String error() {
                return error;
            }
        };
        return new LoggedCall(target, "model1-prediction-test-3", "model1/test/3", time, 1_500_000,
                error == null ? 200 : 500, 100, secrets, content);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PredictionLog.Options options() {
        return PredictionLog.Options.defaults().withFlushInterval(Duration.ofHours(1));
    }

    /** Every record the local store holds under the version's prefix, by file, read with GZIPInputStream. */
    private static Map<String, List<JsonNode>> records(ArtifactStore store, LogTarget target) throws IOException {
        Map<String, List<JsonNode>> files = new TreeMap<>();
        for (String key : store.listAll(target.prefix()).keySet()) {
            byte[] content = store.read(target.prefix() + key).orElseThrow();
            files.put(key, lines(new ByteArrayInputStream(content)));
        }
        return files;
    }

    private static List<JsonNode> lines(InputStream compressed) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(compressed)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what + " within 15 s").isTrue();
    }

    @Test
    void aWriterHeldToASmallShareOfACoreStillStoresEverythingWhenClosed() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        PredictionLog log = new PredictionLog(options().withWriterCpu(0.01), address -> store, Clock.systemUTC(),
                "h");
        for (int i = 0; i < 500; i++) {
            assertThat(log.offer(call(target, NOON, "{\"ACS\": [" + i + "]}", "{\"AC\": [1.0]}", null,
                    List.of()))).isTrue();
        }
        log.close();
        assertThat(records(store, target).values().stream().mapToInt(List::size).sum()).isEqualTo(500);
        assertThat(log.health().droppedQueueFull()).isZero();
    }

    @Test
    void closingStoresEveryRecordAsCompressedJsonLinesPerModelEnvVersionAndDay() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        PredictionLog log = new PredictionLog(options(), address -> store, Clock.systemUTC(), "host a/1");
        assertThat(log.offer(call(target, NOON, "{\"ACS\": [1.0], \"DEN\": [2.0]}", "{\"AC\": [9.0]}", null,
                List.of()))).isTrue();
        assertThat(log.offer(call(target, NOON.plusSeconds(1), "{\"ACS\": [\"x\"]}", null, "the model failed",
                List.of()))).isTrue();
        assertThat(log.offer(call(target, NOON.plus(Duration.ofDays(1)), "{}", "{}", null, List.of()))).isTrue();
        assertThat(records(store, target)).as("nothing stored before a flush").isEmpty();
        log.close();

        Map<String, List<JsonNode>> files = records(store, target);
        assertThat(files).hasSize(2);
        List<String> keys = List.copyOf(files.keySet());
        assertThat(keys.get(0)).matches("2026-12-03/\\d{8}T\\d{9}Z-host-a-1-\\d+\\.jsonl\\.gz");
        assertThat(keys.get(1)).startsWith("2026-12-04/");
        List<JsonNode> first = files.get(keys.get(0));
        assertThat(first).hasSize(2);
        JsonNode ok = first.get(0);
        assertThat(ok.get("time").asText()).isEqualTo("2026-12-03T12:00:00Z");
        assertThat(ok.get("external_id").asText()).isEqualTo("model1-prediction-test-3");
        assertThat(ok.get("model_id").asText()).isEqualTo("model1/test/3");
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        assertThat(ok.get("latency_ms").asDouble()).isEqualTo(1.5);
        assertThat(ok.get("input")).isEqualTo(tree("{\"ACS\": [1.0], \"DEN\": [2.0]}"));
        assertThat(ok.get("output")).isEqualTo(tree("{\"AC\": [9.0]}"));
        assertThat(ok.has("error")).isFalse();
        JsonNode failed = first.get(1);
        assertThat(failed.get("status").asInt()).isEqualTo(500);
        assertThat(failed.get("output").isNull()).isTrue();
        assertThat(failed.get("error").asText()).isEqualTo("the model failed");
        assertThat(log.written()).isEqualTo(3);
        assertThat(log.queued()).isEqualTo(3);
        assertThat(log.droppedQueueFull() + log.droppedWriteFailed()).isZero();
        assertThat(log.offer(call(target, NOON, "{}", "{}", null, List.of()))).as("after close").isFalse();
        assertThat(log.droppedQueueFull()).isEqualTo(1);
    }

    @Test
    void theFilesAreWhatZcatReads() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        PredictionLog log = new PredictionLog(options(), address -> store, Clock.systemUTC(), "h");
        for (int i = 0; i < 50; i++) {
            log.offer(call(target, NOON, "{\"x\": [" + i + "]}", "{\"y\": [" + i + "]}", null, List.of()));
        }
        log.close();
        Path day = folder.resolve("store").resolve("records").resolve(target.prefix()).resolve("2026-12-03");
        List<Path> files;
        try (var list = Files.list(day)) {
            files = list.toList();
        }
        assertThat(files).hasSize(1);
        Process zcat;
        try {
            zcat = new ProcessBuilder("zcat", files.get(0).toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeThat(false).as("zcat is installed (Debian's gzip)").isTrue();
            return;
        }
        String text = new String(zcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(zcat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(zcat.exitValue()).as(text).isZero();
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(50);
        assertThat(JSON.readTree(lines[49]).get("input").get("x").get(0).asInt()).isEqualTo(49);
    }

    @Test
    void aBatchIsStoredOnceItIsOldOrBigWithoutWaitingForClose() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        PredictionLog byTime = new PredictionLog(PredictionLog.Options.defaults()
                .withFlushInterval(Duration.ofMillis(200)), address -> store, Clock.systemUTC(), "t");
        byTime.offer(call(target, NOON, "{\"x\": [1]}", "{}", null, List.of()));
        await("a batch stored by time", () -> byTime.written() == 1);
        byTime.close();

        LogTarget other = new LogTarget(target.store(), "mlops", "model2", "prod", 1, 1.0);
        PredictionLog bySize = new PredictionLog(new PredictionLog.Options(10_000, 64L << 20, 4 * 1024,
                Duration.ofHours(1)), address -> store, Clock.systemUTC(), "s");
        // 200 records of about 250 bytes: 4 KiB of lines several times over.
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            StringBuilder values = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                values.append(j == 0 ? "" : ",").append(random.nextDouble());
            }
            bySize.offer(call(other, NOON, "{\"x\": [" + values + "]}", "{}", null, List.of()));
        }
        await("batches stored by size", () -> bySize.written() > 0);
        long beforeClose = bySize.written();
        bySize.close();
        Map<String, List<JsonNode>> files = records(store, other);
        assertThat(files.size()).isGreaterThan(2);
        assertThat(files.values().stream().mapToInt(List::size).sum()).isEqualTo(200);
        assertThat(beforeClose).isLessThan(200).isGreaterThan(0);
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        // The writer's first store hangs until released: the queue fills behind it.
        PredictionLog log = new PredictionLog(new PredictionLog.Options(10, 64L << 20, 1, Duration.ofHours(1)),
                address -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return store;
                }, Clock.systemUTC(), "q");
        LogTarget target = target(store.address().toString());
        log.offer(call(target, NOON, "{}", "{}", null, List.of()));
        await("the writer holds the first record", () -> log.health().waiting() == 0);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            accepted += log.offer(call(target, NOON, "{}", "{}", null, List.of())) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(log.droppedQueueFull()).isEqualTo(90);
        assertThat(log.queued()).isEqualTo(11);
        release.countDown();
        log.close();
        assertThat(log.written()).isEqualTo(11);
        assertThat(records(store, target).values().stream().mapToInt(List::size).sum()).isEqualTo(11);
    }

    @Test
    void theQueueIsBoundedInBytesToo() {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        PredictionLog log = new PredictionLog(new PredictionLog.Options(1000, 1024, 1 << 20, Duration.ofHours(1)),
                address -> {
                    throw new IOException("never reached");
                }, Clock.systemUTC(), "b");
        LogTarget target = target(store.address().toString());
        LoggedCall big = new LoggedCall(target, "id", "model1/test/3", NOON, 1, 200, 2048, List.of(),
                call(target, NOON, "{}", "{}", null, List.of()).content());
        assertThat(log.offer(big)).isFalse();
        assertThat(log.droppedQueueFull()).isEqualTo(1);
        log.close();
    }

    @Test
    void aStoreThatFailsIsTriedAgainThenTheBatchIsDroppedAndCounted() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        AtomicInteger opens = new AtomicInteger();
        PredictionLog flaky = new PredictionLog(PredictionLog.Options.defaults()
                .withFlushInterval(Duration.ofMillis(100)), address -> {
                    if (opens.incrementAndGet() < 3) {
                        throw new IOException("the store is down");
                    }
                    return store;
                }, Clock.systemUTC(), "f");
        flaky.offer(call(target, NOON, "{}", "{}", null, List.of()));
        await("stored on the third try", () -> flaky.written() == 1);
        assertThat(flaky.health().lastError()).get().asString().contains("the store is down");
        flaky.close();

        PredictionLog down = new PredictionLog(PredictionLog.Options.defaults()
                .withFlushInterval(Duration.ofMillis(50)), address -> {
                    throw new IOException("the store is down");
                }, Clock.systemUTC(), "d");
        down.offer(call(target, NOON, "{}", "{}", null, List.of()));
        down.offer(call(target, NOON, "{}", "{}", null, List.of()));
        await("dropped after " + PredictionLog.ATTEMPTS + " tries", () -> down.droppedWriteFailed() == 2);
        down.close();
        assertThat(down.written()).isZero();
        assertThat(down.droppedWriteFailed()).isEqualTo(2);
    }

    @Test
    void aModelsBrokenContentDoesNotStopTheWriter() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        PredictionLog log = new PredictionLog(options(), address -> store, Clock.systemUTC(), "c");
        LoggedCall broken = new LoggedCall(target, "id", "model1/test/3", NOON, 1, 200, 10, List.of(),
                new LoggedCall.Content() {
                    @Override
                    public JsonNode input() {
                        throw new IllegalStateException("unreadable");
                    }

                    @Override
                    public JsonNode output() {
                        return null;
                    }

                    @Override
                    public String error() {
                        return null;
                    }
                });
        log.offer(broken);
        log.offer(call(target, NOON, "{\"x\": 1}", "{}", null, List.of()));
        log.close();
        List<JsonNode> lines = records(store, target).values().iterator().next();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("error").asText()).contains("unreadable");
        assertThat(lines.get(1).get("input").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void noSecretAppearsInARecord() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(folder.resolve("store"));
        LogTarget target = target(store.address().toString());
        PredictionLog log = new PredictionLog(options(), address -> store, Clock.systemUTC(), "r");
        List<String> secrets = List.of("s3cr3t-key", "key", "4242");
        log.offer(call(target, NOON, "{\"token\": \"Bearer s3cr3t-key\", \"s3cr3t-key\": [1, 4242, 42424]}",
                "{\"echo\": [\"my s3cr3t-key!\"]}", null, secrets));
        log.offer(call(target, NOON, "{\"pin\": 4242}", null, "cannot log in with s3cr3t-key", secrets));
        log.close();
        Path records = folder.resolve("store").resolve("records");
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(records)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                for (JsonNode line : lines(Files.newInputStream(file))) {
                    all.append(line).append('\n');
                }
            }
        }
        assertThat(all.toString()).doesNotContain("s3cr3t").doesNotContain("\"4242\"").doesNotContain(",4242,")
                .doesNotContain("key").contains("[secret]").contains("42424");
        JsonNode first = JSON.readTree(all.toString().split("\n")[0]);
        assertThat(first.get("input").get("token").asText()).isEqualTo("Bearer [secret]");
        assertThat(first.get("input").get("[secret]").get(1)).isEqualTo(TextNode.valueOf("[secret]"));
        assertThat(first.get("output").get("echo").get(0).asText()).isEqualTo("my [secret]!");
        JsonNode second = JSON.readTree(all.toString().split("\n")[1]);
        assertThat(second.get("error").asText()).isEqualTo("cannot log in with [secret]");
        assertThat(second.get("input").get("pin").asText()).isEqualTo("[secret]");
    }

    @Test
    void aBucketOnARealS3ServerHoldsTheLog() throws Exception {
        try (S3Server server = S3Server.start(Files.createDirectories(folder.resolve("s3")), "logs")) {
            S3Options s3 = new S3Options(Optional.of(server.endpoint()), Optional.of("us-east-1"), Optional.of(true),
                    Optional.of(new S3Options.Keys(S3Server.ACCESS_KEY, S3Server.SECRET_KEY, "the test")));
            StoreAddress address = StoreAddress.parse("s3://logs/team", folder);
            LogTarget target = target(address.toString());
            PredictionLog log = new PredictionLog(options(),
                    opened -> S3ArtifactStore.connect(StoreAddress.parse(opened, folder), s3), Clock.systemUTC(),
                    "s3");
            for (int i = 0; i < 20; i++) {
                log.offer(call(target, NOON, "{\"x\": [" + i + "]}", "{\"y\": [" + i + "]}", null, List.of()));
            }
            log.close();
            assertThat(log.written()).isEqualTo(20);
            try (S3ArtifactStore store = S3ArtifactStore.connect(address, s3)) {
                Map<String, List<JsonNode>> files = records(store, target);
                assertThat(files).hasSize(1);
                assertThat(files.values().iterator().next()).hasSize(20);
            }
        }
    }
}
