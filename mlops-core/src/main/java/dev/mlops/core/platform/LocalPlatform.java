package dev.mlops.core.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.ExtractedBundle;
import dev.mlops.core.host.HostOptions;
import dev.mlops.core.host.HostProcess;
import dev.mlops.core.json.Json;
import dev.mlops.core.registry.ArtifactVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code local} platform: a deployment folder on this machine ({@code <mlops home>/local/deployments}) served by a
 * function host running in the background, started when first needed and left running so that deployed services can
 * be called after the build. Deployment records are kept beside it, one JSON line per alias move.
 */
public final class LocalPlatform implements DeploymentPlatform {

    /** The platform's name in the settings. */
    public static final String NAME = "local";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

    private final Path folder;
    private final List<Path> hostClassPath;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param folder        the platform's folder, {@code <mlops home>/local}
     * @param hostClassPath the class path a background host runs with
     * @param port          the port a host started here listens on; 0 picks a free one
     */
    public LocalPlatform(Path folder, List<Path> hostClassPath, int port) {
        this.folder = folder;
        this.hostClassPath = hostClassPath;
        this.port = port;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> endpoint() throws IOException {
        return runningHost();
    }

    @Override
    public Optional<BundleDescriptor> deployed(String externalId) throws IOException {
        Optional<AliasFile> alias = alias(externalId);
        Path bundle = file(alias.map(AliasFile::target).orElse(externalId), BundleWriter.EXTENSION);
        if (!Files.isRegularFile(bundle)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ExtractedBundle.descriptor(bundle));
        } catch (BundleException e) {
            throw new IOException(bundle + " is not a readable bundle: " + e.getMessage(), e);
        }
    }

    /**
     * @return the folder the host serves
     */
    public Path deployments() {
        return folder.resolve("deployments");
    }

    /**
     * @return the file of a deployment or alias in the deployment folder
     * @throws IllegalArgumentException for a name that is not an external id, such as one leaving the folder
     */
    private Path file(String externalId, String extension) {
        if (!SAFE_NAME.matcher(externalId).matches()) {
            throw new IllegalArgumentException("'" + externalId + "' is not an external id: use letters, digits,"
                    + " '_', '.' and '-' (like model1-prediction-test-3)");
        }
        return deployments().resolve(externalId + extension);
    }

    private Path hostState() {
        return folder.resolve("host.properties");
    }

    /**
     * @return the URL of the platform's running host, starting one if none runs
     */
    public String host() throws IOException {
        Optional<String> running = runningHost();
        if (running.isPresent()) {
            return running.get();
        }
        return HostProcess.start(hostClassPath, HostOptions.defaults(deployments()).withPort(port), hostState(),
                Duration.ofSeconds(60)).url();
    }

    /**
     * @return the URL of the platform's host, if one runs
     */
    public Optional<String> runningHost() throws IOException {
        if (!Files.exists(hostState())) {
            return Optional.empty();
        }
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(hostState())) {
            state.load(in);
        }
        String url = state.getProperty("url");
        return url != null && status(url + "/v2/health/live") == 200 ? Optional.of(url) : Optional.empty();
    }

    /** Stops the platform's background host, if one runs. */
    public Optional<HostProcess.Running> stopHost() throws IOException {
        return HostProcess.stop(hostState(), Duration.ofSeconds(10));
    }

    /** Places a bundle under its external id; the host serves it within a moment. */
    @Override
    public void deploy(Path bundle, String externalId) throws IOException {
        Files.createDirectories(deployments());
        Path partial = Files.createTempFile(deployments(), ".", ".partial");
        try {
            Files.copy(bundle, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, file(externalId, BundleWriter.EXTENSION),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Sets aside the bundle deployed under an external id, if any, so that a failed redeployment of the same id can
     * put it back. The copy's name does not end in {@code .bundle}, so the host does not serve it.
     *
     * @return the copy, if there was a bundle
     */
    @Override
    public Optional<Path> setAside(String externalId) throws IOException {
        Path current = file(externalId, BundleWriter.EXTENSION);
        if (!Files.exists(current)) {
            return Optional.empty();
        }
        Path copy = file(externalId, BundleWriter.EXTENSION + ".previous");
        Files.copy(current, copy, StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(copy);
    }

    /** Puts a bundle set aside back under its external id. */
    @Override
    public void putBack(String externalId, Path copy) throws IOException {
        Files.move(copy, file(externalId, BundleWriter.EXTENSION), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @return where an alias points, if it exists
     */
    @Override
    public Optional<AliasFile> alias(String alias) throws IOException {
        Path file = file(alias, AliasFile.EXTENSION);
        return Files.exists(file) ? Optional.of(AliasFile.read(file)) : Optional.empty();
    }

    /** Points an alias at a versioned deployment, atomically. */
    @Override
    public void moveAlias(AliasFile alias) throws IOException {
        alias.write(deployments());
    }

    /** Removes a versioned deployment or an alias. */
    @Override
    public void remove(String externalId) throws IOException {
        Files.deleteIfExists(file(externalId, BundleWriter.EXTENSION));
        Files.deleteIfExists(file(externalId, AliasFile.EXTENSION));
    }

    /**
     * @return the versioned deployments of an alias's model, service and environment, by version
     */
    @Override
    public List<BundleDescriptor> versions(String alias) throws IOException {
        List<BundleDescriptor> versions = new ArrayList<>();
        if (!Files.isDirectory(deployments())) {
            return versions;
        }
        try (Stream<Path> files = Files.list(deployments())) {
            for (Path bundle : files.filter(f -> f.getFileName().toString().startsWith(alias + "-")
                    && f.toString().endsWith(BundleWriter.EXTENSION)).toList()) {
                try {
                    BundleDescriptor descriptor = ExtractedBundle.descriptor(bundle);
                    if ((descriptor.model() + "-" + descriptor.service() + "-" + descriptor.env()).equals(alias)) {
                        versions.add(descriptor);
                    }
                } catch (BundleException e) {
                    // not one of ours
                }
            }
        }
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return versions;
    }

    /**
     * Waits until the host serves a function, then calls it.
     *
     * @return the HTTP status and body of the answer
     */
    @Override
    public Answer call(String externalId, String body, Duration wait) throws IOException {
        String url = host();
        long deadline = System.nanoTime() + wait.toNanos();
        while (status(url + "/functions/" + externalId) != 200) {
            if (System.nanoTime() > deadline) {
                return new Answer(404, "the host did not serve " + externalId + " within " + wait.toSeconds() + " s");
            }
            sleep();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/functions/"
                    + externalId + "/call")).timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * @param query the host's listing filters, such as {@code env=test&model=model1}; may be empty
     * @return what the platform's running host serves ({@code GET /functions}), or empty when no host runs
     */
    @Override
    public Optional<JsonNode> list(String query) throws IOException {
        Optional<String> url = runningHost();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.get() + "/functions"
                    + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(Json.DATA.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public Optional<JsonNode> describe(String externalId) throws IOException {
        String url = host();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/functions/"
                    + externalId)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(Json.DATA.readTree(response.body())) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Appends a record of an alias move. */
    @Override
    public void record(DeploymentRecord record) throws IOException {
        Files.createDirectories(folder.resolve("records"));
        Files.writeString(folder.resolve("records").resolve(record.alias() + ".jsonl"),
                Json.DATA.writeValueAsString(Json.FILES.valueToTree(record)) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * @return an alias's records, oldest first
     */
    @Override
    public List<DeploymentRecord> records(String alias) throws IOException {
        Path file = folder.resolve("records").resolve(alias + ".jsonl");
        List<DeploymentRecord> records = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    records.add(Json.FILES.readValue(line, DeploymentRecord.class));
                }
            }
        }
        return records;
    }

    @Override
    public String where() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this machine";
        }
        return "the local platform on " + host + " in " + folder.toAbsolutePath().normalize();
    }

    @Override
    public List<String> deploymentsOf(ArtifactVersion version) throws IOException {
        List<String> users = new ArrayList<>();
        String alias = version.model() + "-";
        if (!Files.isDirectory(deployments())) {
            return users;
        }
        try (Stream<Path> files = Files.list(deployments())) {
            for (Path bundle : files.filter(f -> f.getFileName().toString().startsWith(alias)
                    && f.toString().endsWith(BundleWriter.EXTENSION)).sorted().toList()) {
                try {
                    BundleDescriptor descriptor = ExtractedBundle.descriptor(bundle);
                    if (descriptor.modelId().equals(version.id())
                            && descriptor.artifactSha256().equals(version.sha256())) {
                        users.add(descriptor.externalId());
                    }
                } catch (BundleException e) {
                    // not one of ours: it runs no version
                }
            }
        }
        return users;
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void sleep() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
