package dev.mlops.core.host;

import static dev.mlops.core.host.HostHarness.ROW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.monitoring.PredictionLog;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host as a process of its own, as the local platform and a pod run it: stopped with SIGTERM whatever its models
 * do, restarted after SIGKILL, and soaked with good calls, slow clients, announced bodies, failing models and
 * replacements at once.
 */
@Tag("integration")
class HostProcessesIT {

    /** Spins in predict, deaf to interrupts, for a minute; blocks in initialization likewise when asked to. */
    private static final String STUBBORN = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Stubborn implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) {
                    if (Files.exists(folder.resolve("block"))) spin();
                    return null;
                }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) throws ModelException {
                    switch (String.valueOf(data.get("do"))) {
                        case "spin": spin(); return "late";
                        case "oom": throw new OutOfMemoryError("Java heap space");
                        case "assert": throw new AssertionError("invariant broken");
                        case "fail": throw new ModelException("cannot predict");
                        default: return "fine";
                    }
                }
                static void spin() {
                    long end = System.nanoTime() + 60_000_000_000L;
                    while (System.nanoTime() < end) { Thread.onSpinWait(); }
                }
            }
            """;

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;
    private static Path stubbornJar;

    @TempDir
    Path deployments;

    private HostHarness bundles;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void compile() throws Exception {
        models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        models.folder("blocking_artifact", Map.of("block", "yes"));
        linearJar = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
        stubbornJar = models.jar("stubborn", Map.of("com.example.Stubborn", STUBBORN));
    }

    @BeforeEach
    void deploy() throws Exception {
        bundles = new HostHarness(models, deployments);
        bundles.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3, linearJar);
        bundles.deploy("stubborn", "com.example.Stubborn", "null", Service.PREDICTION, 1, stubbornJar);
    }

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    /** Starts FunctionHostCommand in a JVM of its own and waits for its port. */
    private int start(String maxHeap, String... options) throws Exception {
        Path portFile = deployments.resolveSibling(deployments.getFileName() + "-port-" + processes.size());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                FunctionHostCommand.class.getName(), "--deployments", deployments.toString(), "--port", "0",
                "--port-file", portFile.toString()));
        command.addAll(List.of(options));
        Path log = deployments.resolveSibling(deployments.getFileName() + "-host-" + processes.size() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        // Generous: on a loaded 2-core machine, with other test JVMs running, a JVM can take long to start.
        for (int i = 0; i < 1200 && !Files.exists(portFile); i++) {
            assertThat(process.isAlive()).as("the host runs; its log:\n" + Files.readString(log)).isTrue();
            Thread.sleep(50);
        }
        assertThat(portFile).as("the host's port file within 60 s; its log:\n" + Files.readString(log)).exists();
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private HttpResponse<String> call(int port, String function, String data) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/functions/" + function
                        + "/call")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": " + data + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHostStopsWithinSecondsOfSigtermWhateverItsModelsDo() throws Exception {
        bundles.deploy("blocking", "com.example.Stubborn", "blocking_artifact", Service.PREDICTION, 1, stubbornJar);
        // Long enough for the other bundles to load on a busy machine; the blocking one is reported failed after it.
        int port = start("256m", "--load-timeout", "5", "--call-timeout", "120");
        assertThat(call(port, "model1-prediction-test-3", ROW).statusCode()).isEqualTo(200);
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/functions/stubborn-prediction-test-1/call"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"do\": \"spin\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);

        Process host = processes.get(0);
        long stopping = System.nanoTime();
        host.destroy(); // SIGTERM
        assertThat(host.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s of SIGTERM").isTrue();
        System.out.println("stopped " + Duration.ofNanos(System.nanoTime() - stopping).toMillis()
                + " ms after SIGTERM, with a call and an initialization spinning");
    }

    @Test
    void aSigtermStoresWhatThePredictionLogHolds() throws Exception {
        Path store = deployments.resolveSibling(deployments.getFileName() + "-store");
        ModelSettings logged = models.settings("logged", "com.example.Linear", "linear_artifact",
                "monitoring:\n  sample_rate: 1");
        models.bundle(logged, Service.PREDICTION, 1, List.of(linearJar), deployments,
                Optional.of(new BundleSource.LogStore(store.toString(), "mlops")));
        // The log would store its batch after an hour: only the stop can have stored it.
        int port = start("256m", "--log-flush", "3600");
        for (int i = 0; i < 5; i++) {
            assertThat(call(port, "logged-prediction-test-1", ROW).statusCode()).isEqualTo(200);
        }
        Process host = processes.get(0);
        host.destroy(); // SIGTERM
        assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path day = store.resolve("records").resolve(PredictionLog.prefix("mlops", "logged", "test", 1));
        List<Path> files;
        try (var walk = Files.walk(day)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(1);
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(files.get(0)))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")).hasSize(5);
        }
    }

    @Test
    void aHostKilledWithSigkillServesEveryBundleWhenStartedAgain() throws Exception {
        int port = start("256m");
        assertThat(call(port, "model1-prediction-test-3", ROW).statusCode()).isEqualTo(200);
        processes.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        int again = start("256m");
        HttpResponse<String> linear = call(again, "model1-prediction-test-3", ROW);
        assertThat(linear.statusCode()).as(linear.body()).isEqualTo(200);
        assertThat(call(again, "stubborn-prediction-test-1", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void aSoakOfGoodCallsSlowClientsAnnouncedBodiesFailingModelsAndReplacements() throws Exception {
        int port = start("256m", "--header-timeout", "2", "--body-timeout", "3", "--call-timeout", "2");
        long pid = processes.get(0).pid();
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<Integer> goodStatuses = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newCachedThreadPool();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(load.submit(() -> {
                while (running.get()) {
                    try {
                        goodStatuses.add(call(port, "model1-prediction-test-3", ROW).statusCode());
                    } catch (IOException e) {
                        // The JDK client reused a kept-alive connection as the host closed it: no byte of an
                        // answer came, so the call never reached a model. Clients retry these; counted apart.
                        if (!String.valueOf(e.getMessage()).contains("header parser received no bytes")) {
                            throw e;
                        }
                        counts.computeIfAbsent("kept-alive connection closed under the call, retried",
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        // Slow clients: headers a byte at a time, a byte every 300 ms.
        tasks.add(load.submit(() -> {
            while (running.get()) {
                List<Socket> slow = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    slow.add(new Socket("127.0.0.1", port));
                }
                for (int b = 0; b < 10 && running.get(); b++) {
                    for (Socket socket : slow) {
                        try {
                            socket.getOutputStream().write('P');
                        } catch (IOException closedByTheHost) {
                            counts.computeIfAbsent("slow clients cut off", k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    Thread.sleep(300);
                }
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            return null;
        }));
        // Announced bodies of 16 MiB, a few bytes sent.
        tasks.add(load.submit(() -> {
            while (running.get()) {
                List<Socket> announced = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Socket socket = new Socket("127.0.0.1", port);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /functions/model1-prediction-test-3/call HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Length: 16777216\r\n\r\n{\"data\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    announced.add(socket);
                }
                Thread.sleep(1_000);
                for (Socket socket : announced) {
                    socket.close();
                }
                counts.computeIfAbsent("announced bodies", k -> new AtomicInteger()).addAndGet(20);
            }
            return null;
        }));
        // Failing models, and a hung one.
        tasks.add(load.submit(() -> {
            String[] kinds = {"oom", "assert", "fail", "spin"};
            for (int i = 0; running.get(); i++) {
                int status = call(port, "stubborn-prediction-test-1", "{\"do\": \"" + kinds[i % kinds.length]
                        + "\"}").statusCode();
                counts.computeIfAbsent("failing model: " + status, k -> new AtomicInteger()).incrementAndGet();
                if (kinds[i % kinds.length].equals("spin")) {
                    Thread.sleep(2_000); // one spinning thread at a time is enough
                }
            }
            return null;
        }));
        // Replacements of the bundle the good calls use, every 700 ms.
        tasks.add(load.submit(() -> {
            while (running.get()) {
                bundles.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3, linearJar);
                counts.computeIfAbsent("replacements", k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(700);
            }
            return null;
        }));

        long maxRss = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            maxRss = Math.max(maxRss, residentKib(pid));
        }
        running.set(false);
        for (Future<?> task : tasks) {
            task.get(30, TimeUnit.SECONDS);
        }
        load.shutdownNow();

        System.out.println("soak: " + goodStatuses.size() + " good calls, " + counts + ", host resident memory at"
                + " most " + maxRss / 1024 + " MiB (-Xmx256m)");
        assertThat(goodStatuses).hasSizeGreaterThan(1_000).containsOnly(200);
        assertThat(maxRss).as("resident memory in KiB").isLessThan(450L * 1024);
        assertThat(call(port, "model1-prediction-test-3", ROW).statusCode()).isEqualTo(200);
    }

    private static long residentKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
