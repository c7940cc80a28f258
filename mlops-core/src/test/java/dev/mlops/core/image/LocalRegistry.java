package dev.mlops.core.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real container registry for the tests and benchmarks: Debian's {@code docker-registry} (the CNCF distribution
 * registry, version 2.8), on loopback over plain HTTP, keeping blobs in a folder. It logs every request, so a test
 * can count what was pushed.
 */
public final class LocalRegistry implements AutoCloseable {

    /** Where Debian's package installs the registry. */
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path storage;
    private final Path log;

    private LocalRegistry(Process process, int port, Path storage, Path log) {
        this.process = process;
        this.port = port;
        this.storage = storage;
        this.log = log;
    }

    /**
     * Starts a registry keeping its blobs under {@code folder}, and waits until it answers {@code /v2/}.
     *
     * @throws IOException when Debian's {@code docker-registry} is not installed ({@code .ci/test-packages}
     *                     installs it) or it does not start
     */
    public static LocalRegistry start(Path folder) throws IOException, InterruptedException {
        return start(folder, null, null);
    }

    /**
     * Starts a registry that lets in only one user, by HTTP basic authentication against an htpasswd file (made with
     * Apache's {@code htpasswd}, bcrypt, as the registry requires).
     */
    public static LocalRegistry startWithLogin(Path folder, String user, String password)
            throws IOException, InterruptedException {
        return start(folder, user, password);
    }

    private static LocalRegistry start(Path folder, String user, String password)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY + " is missing: install Debian's docker-registry (bash .ci/test-packages)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path storage = Files.createDirectories(folder.resolve("storage"));
        Path config = folder.resolve("config.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: info",
                "  formatter: text",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + storage.toAbsolutePath(),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""));
        if (user != null) {
            Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true)
                    .start();
            String line = new String(htpasswd.getInputStream().readAllBytes()).strip();
            if (htpasswd.waitFor() != 0) {
                throw new IOException("htpasswd failed (install Debian's apache2-utils): " + line);
            }
            Path users = Files.writeString(folder.resolve("htpasswd"), line + "\n");
            Files.writeString(config, String.join("\n", "auth:", "  htpasswd:", "    realm: mlops-test",
                    "    path: " + users.toAbsolutePath(), ""), java.nio.file.StandardOpenOption.APPEND);
        }
        Path log = folder.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, storage, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200 || user != null && answer.statusCode() == 401) {
                    return registry;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        registry.close();
        throw new IOException("docker-registry did not answer on port " + port + " in 10 s: " + Files.readString(log));
    }

    /** @return the registry's host and port, as image references name it ({@code 127.0.0.1:PORT}) */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public String url() {
        return "http://" + address();
    }

    /** @return the registry's log: one line per request it served */
    public Path log() {
        return log;
    }

    /**
     * @return the requests that wrote to the registry (blob uploads and manifests: {@code POST}, {@code PATCH} and
     *         {@code PUT}) among those it logged so far
     */
    public List<String> writes() throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("http.request.method=POST")
                    || line.contains("http.request.method=PATCH") || line.contains("http.request.method=PUT"))
                    .filter(line -> line.contains("response completed")).toList();
        }
    }

    /** @return the bytes the registry keeps in its storage folder */
    public long storedBytes() throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
