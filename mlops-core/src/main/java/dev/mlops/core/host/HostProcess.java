package dev.mlops.core.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A function host in a process of its own, for builds that need a host running in the background (integration
 * tests): started, polled until ready, recorded in a state file, and stopped from that file by a later build.
 */
public final class HostProcess {

    private static final String MAIN_CLASS = FunctionHostCommand.class.getName();

    /**
     * A host started in the background.
     *
     * @param pid  its process id
     * @param port the port it listens on
     * @param url  its base URL
     * @param log  where its output goes
     */
    public record Running(long pid, int port, String url, Path log) {
    }

    private HostProcess() {
    }

    /**
     * Starts a host and waits until it answers {@code /v2/health/ready}.
     *
     * @param classPath    the host's class path: mlops-core and its dependencies
     * @param options      how the host runs; port 0 picks a free port
     * @param stateFile    where to record the running host for {@link #stop}
     * @param startTimeout how long to wait for it to be ready
     * @return the running host
     * @throws IOException when one is already recorded as running, or it exits or is not ready in time; the message
     *                     quotes the end of its log
     */
    public static Running start(List<Path> classPath, HostOptions options, Path stateFile, Duration startTimeout)
            throws IOException {
        Optional<Running> previous = read(stateFile);
        if (previous.isPresent() && isHost(previous.get().pid())) {
            throw new AlreadyRunning("a function host started here is already running (pid "
                    + previous.get().pid() + ", " + previous.get().url() + "); stop it first");
        }
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        Path portFile = stateFile.resolveSibling(stateFile.getFileName() + ".port");
        Path log = stateFile.resolveSibling("mlops-host.log");
        Files.deleteIfExists(portFile);
        // The class path goes in an argument file: a long one (the AWS SDK alone is dozens of jars) makes the
        // command line too long for the kernel to report, and then the host could not be recognised to stop it.
        Path arguments = stateFile.resolveSibling(stateFile.getFileName() + ".args");
        Files.writeString(arguments, "-cp \"" + String.join(File.pathSeparator, classPath.stream()
                .map(Path::toString).toList()).replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + arguments.toAbsolutePath(),
                MAIN_CLASS,
                "--deployments", options.deployments().toString(),
                "--bind", options.bind(),
                "--port", Integer.toString(options.port()),
                "--port-file", portFile.toString(),
                "--call-timeout", Long.toString(Math.max(1, options.callTimeout().toSeconds())),
                "--load-timeout", Long.toString(Math.max(1, options.loadTimeout().toSeconds())),
                "--max-body", Long.toString(options.maxBodyBytes())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The token travels in the environment, never on a command line that ps shows.
        builder.environment().remove("MLOPS_HOST_TOKEN");
        options.token().ifPresent(token -> builder.environment().put("MLOPS_HOST_TOKEN", token));
        Process process = builder.start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the function host exited with code " + process.exitValue() + " before it was"
                        + " ready; its log " + log + " ends with:\n" + tail(log));
            }
            if (Files.exists(portFile)) {
                int port = Integer.parseInt(Files.readString(portFile).trim());
                String url = "http://" + (options.bind().equals("0.0.0.0") ? "127.0.0.1" : options.bind()) + ":"
                        + port;
                if (ready(http, url)) {
                    Running running = new Running(process.pid(), port, url, log);
                    write(stateFile, running);
                    return running;
                }
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("the function host was not ready within " + startTimeout.toSeconds() + " s; its log "
                + log + " ends with:\n" + tail(log));
    }

    /**
     * Stops the host a state file records, if it still runs: asks it to stop, and ends it after {@code grace}.
     *
     * @return the host that was stopped, or empty when none was running
     */
    public static Optional<Running> stop(Path stateFile, Duration grace) throws IOException {
        Optional<Running> running = read(stateFile);
        Files.deleteIfExists(stateFile);
        if (running.isEmpty() || !isHost(running.get().pid())) {
            return Optional.empty();
        }
        ProcessHandle handle = ProcessHandle.of(running.get().pid()).orElseThrow();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
        return running;
    }

    /** A recorded pid is only ended if it still is a function host: pids are reused. */
    private static boolean isHost(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().commandLine())
                .filter(line -> line.contains(MAIN_CLASS)).isPresent();
    }

    private static boolean ready(HttpClient http, String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v2/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Running> read(Path stateFile) throws IOException {
        if (!Files.exists(stateFile)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            properties.load(in);
        }
        try {
            return Optional.of(new Running(Long.parseLong(properties.getProperty("pid")),
                    Integer.parseInt(properties.getProperty("port")), properties.getProperty("url"),
                    Path.of(properties.getProperty("log"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void write(Path stateFile, Running running) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(running.pid()));
        properties.setProperty("port", Integer.toString(running.port()));
        properties.setProperty("url", running.url());
        properties.setProperty("log", running.log().toString());
        try (OutputStream out = Files.newOutputStream(stateFile)) {
            properties.store(out, "function host started by mlops:start; mlops:stop ends it");
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the function host", e);
        }
    }

    /** A start refused because a host started from the same state file still runs. */
    public static final class AlreadyRunning extends IOException {

        private static final long serialVersionUID = 1L;

        AlreadyRunning(String message) {
            super(message);
        }
    }
}
