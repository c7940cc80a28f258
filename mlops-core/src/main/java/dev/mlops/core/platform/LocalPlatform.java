package dev.mlops.core.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.ExtractedBundle;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.client.FunctionClient;
import dev.mlops.core.client.FunctionException;
import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.host.HostOptions;
import dev.mlops.core.host.HostProcess;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.registry.ArtifactVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import java.util.stream.Stream;

/**
 * The {@code local} platform: a deployment folder on this machine ({@code <mlops home>/local/deployments}) served by a
 * function host running in the background, started by a deployment when none runs and left running so that deployed
 * services can be called after the build. Listing and calling never start one. The ledger is kept beside the
 * folder, one JSON line per alias move.
 */
public final class LocalPlatform implements DeploymentPlatform {

    /** The platform's name in the settings. */
    public static final String NAME = "local";

    private static final String PREVIOUS = ".previous";

    private final Path folder;
    private final List<Path> hostClassPath;
    private final int port;
    /** The client of the host last found running, kept: a smoke check asks every 100 ms. */
    private URI clientAddress;
    private FunctionClient client;

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

    /**
     * @return the folder the host serves
     */
    public Path deployments() {
        return folder.resolve("deployments");
    }

    private Path bundleFile(ExternalId id) {
        return deployments().resolve(id + BundleWriter.EXTENSION);
    }

    private Path aliasFile(Alias alias) {
        return deployments().resolve(alias + AliasFile.EXTENSION);
    }

    private Path hostState() {
        return folder.resolve("host.properties");
    }

    /**
     * @return the running host's address, starting a host if none runs
     */
    public URI startHost() throws PlatformException {
        Optional<URI> running = endpoint();
        if (running.isPresent()) {
            return running.get();
        }
        try {
            return URI.create(HostProcess.start(hostClassPath, HostOptions.defaults(deployments()).withPort(port),
                    hostState(), Duration.ofSeconds(60)).url());
        } catch (IOException e) {
            throw new PlatformException("cannot start the local platform's function host: " + e.getMessage(), e);
        }
    }

    /**
     * @return the address of the platform's host, if one runs
     */
    @Override
    public Optional<URI> endpoint() throws PlatformException {
        if (!Files.exists(hostState())) {
            return Optional.empty();
        }
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(hostState())) {
            state.load(in);
        } catch (IOException e) {
            throw failure("cannot read " + hostState(), e);
        }
        String url = state.getProperty("url");
        if (url == null) {
            return Optional.empty();
        }
        URI address = URI.create(url);
        return clientOf(address).live() ? Optional.of(address) : Optional.empty();
    }

    /** Stops the platform's background host, if one runs. */
    public Optional<HostProcess.Running> stopHost() throws IOException {
        return HostProcess.stop(hostState(), Duration.ofSeconds(10));
    }

    private synchronized FunctionClient clientOf(URI address) {
        if (!address.equals(clientAddress)) {
            client = new FunctionClient(address, Optional.empty(), Duration.ofSeconds(10));
            clientAddress = address;
        }
        return client;
    }

    /**
     * @return the running host's client for status and listing
     * @throws NotServingException when no host runs
     */
    private FunctionClient client() throws PlatformException {
        return clientOf(runningHost());
    }

    private URI runningHost() throws PlatformException {
        return endpoint().orElseThrow(() -> new NotServingException("no function host runs for the local platform"
                + " in " + folder.toAbsolutePath().normalize()));
    }

    /**
     * Places the bundle under its external id (keeping what it replaces beside it, under a name the host does not
     * serve), then makes sure a host serves the folder.
     */
    @Override
    public Replacement deploy(BuiltBundle bundle) throws PlatformException {
        Path target = bundleFile(bundle.id());
        Path kept = target.resolveSibling(target.getFileName() + PREVIOUS);
        try {
            Files.createDirectories(deployments());
            boolean replaces = Files.exists(target);
            if (replaces) {
                Files.copy(target, kept, StandardCopyOption.REPLACE_EXISTING);
            }
            placeAtomically(bundle.file(), target);
            startHost();
            return new Replacement() {
                @Override
                public void restore() throws PlatformException {
                    try {
                        if (replaces) {
                            Files.move(kept, target, StandardCopyOption.ATOMIC_MOVE,
                                    StandardCopyOption.REPLACE_EXISTING);
                        } else {
                            Files.deleteIfExists(target);
                        }
                    } catch (IOException e) {
                        throw failure("cannot put back what " + bundle.id() + " served", e);
                    }
                }

                @Override
                public void keep() throws PlatformException {
                    try {
                        Files.deleteIfExists(kept);
                    } catch (IOException e) {
                        throw failure("cannot remove " + kept, e);
                    }
                }
            };
        } catch (IOException e) {
            throw failure("cannot deploy " + bundle.id() + " into " + deployments(), e);
        }
    }

    private void placeAtomically(Path source, Path target) throws IOException {
        Path partial = Files.createTempFile(deployments(), ".", ".partial");
        try {
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public Optional<ExternalId> target(Alias alias) throws PlatformException {
        Path file = aliasFile(alias);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        AliasFile read;
        try {
            read = AliasFile.read(file);
        } catch (IOException e) {
            throw failure("cannot read the alias " + file, e);
        }
        Optional<FunctionId> target = FunctionId.parse(read.target());
        if (target.isEmpty() || !(target.get() instanceof ExternalId versioned) || !versioned.alias().equals(alias)) {
            throw new PlatformException("the alias " + file + " points to '" + read.target() + "', which is not a"
                    + " version of " + alias);
        }
        return Optional.of(versioned);
    }

    /** Points the alias at a deployment, then makes sure a host serves the folder. */
    @Override
    public void point(Alias alias, ExternalId target) throws PlatformException {
        try {
            new AliasFile(alias.toString(), target.toString(), target.version()).write(deployments());
        } catch (IOException e) {
            throw failure("cannot point " + alias + " at " + target, e);
        }
        startHost();
    }

    @Override
    public void remove(FunctionId id) throws PlatformException {
        try {
            Files.deleteIfExists(id instanceof ExternalId versioned ? bundleFile(versioned) : aliasFile((Alias) id));
        } catch (IOException e) {
            throw failure("cannot remove " + id, e);
        }
    }

    @Override
    public List<BundleDescriptor> versions(Alias alias) throws PlatformException {
        List<BundleDescriptor> versions = new ArrayList<>();
        for (BundleDescriptor descriptor : descriptors(alias + "-")) {
            if (FunctionId.parse(descriptor.externalId()).filter(id -> id.alias().equals(alias)).isPresent()) {
                versions.add(descriptor);
            }
        }
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return versions;
    }

    @Override
    public Optional<BundleDescriptor> deployed(FunctionId id) throws PlatformException {
        Optional<ExternalId> versioned = id instanceof ExternalId e ? Optional.of(e) : target((Alias) id);
        if (versioned.isEmpty() || !Files.isRegularFile(bundleFile(versioned.get()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ExtractedBundle.descriptor(bundleFile(versioned.get())));
        } catch (BundleException e) {
            throw new PlatformException(bundleFile(versioned.get()) + " is not a readable bundle: " + e.getMessage(),
                    e);
        }
    }

    /** The descriptors of the bundles whose file names start with a prefix; files that are not bundles are left out. */
    private List<BundleDescriptor> descriptors(String prefix) throws PlatformException {
        List<BundleDescriptor> found = new ArrayList<>();
        if (!Files.isDirectory(deployments())) {
            return found;
        }
        try (Stream<Path> files = Files.list(deployments())) {
            for (Path bundle : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(BundleWriter.EXTENSION)).sorted().toList()) {
                try {
                    found.add(ExtractedBundle.descriptor(bundle));
                } catch (BundleException e) {
                    // not one of ours: it serves nothing we deployed
                }
            }
        } catch (IOException e) {
            throw failure("cannot list " + deployments(), e);
        }
        return found;
    }

    @Override
    public Optional<FunctionStatus> status(FunctionId id) throws PlatformException {
        try {
            return client().status(id);
        } catch (FunctionException e) {
            throw new PlatformException(e.getMessage(), e);
        }
    }

    @Override
    public List<FunctionStatus> functions(FunctionFilter filter) throws PlatformException {
        try {
            return client().functions(filter);
        } catch (FunctionException e) {
            throw new PlatformException(e.getMessage(), e);
        }
    }

    @Override
    public FunctionAnswer call(FunctionId id, JsonNode data, boolean toFile, Duration timeout)
            throws PlatformException {
        try {
            return new FunctionClient(runningHost(), Optional.empty(), timeout).answer(id.toString(), data, toFile);
        } catch (FunctionException e) {
            throw new PlatformException(e.getMessage(), e);
        }
    }

    private Path ledger(Alias alias) {
        return folder.resolve("records").resolve(alias + ".jsonl");
    }

    @Override
    public void record(DeploymentRecord record) throws PlatformException {
        Optional<FunctionId> alias = FunctionId.parse(record.alias()).filter(Alias.class::isInstance);
        if (alias.isEmpty()) {
            throw new PlatformException("'" + record.alias() + "' is not an alias; the record was not kept");
        }
        Path file = ledger((Alias) alias.get());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.DATA.writeValueAsString(Json.FILES.valueToTree(record)) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw failure("cannot append to the ledger " + file, e);
        }
    }

    @Override
    public List<DeploymentRecord> records(Alias alias) throws PlatformException {
        Path file = ledger(alias);
        List<DeploymentRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure("cannot read the ledger " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(Json.FILES.readValue(lines.get(i), DeploymentRecord.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new PlatformException("line " + (i + 1) + " of the ledger " + file + " is not a deployment"
                        + " record (" + e.getOriginalMessage() + "); correct or remove that line", e);
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

    /**
     * A test or prod deployment whose bundle holds this version's content. A dev deployment serves the local
     * {@code artifact_folder}, never a stored version, even though its id reads {@code <model>/dev/1}.
     */
    @Override
    public List<String> deploymentsOf(ArtifactVersion version) throws IOException {
        if (version.env().equals(Environment.DEV.id())) {
            return List.of();
        }
        try {
            return descriptors(version.model() + "-").stream().filter(d -> d.modelId().equals(version.id())
                    && d.artifactSha256().equals(version.sha256())).map(BundleDescriptor::externalId).toList();
        } catch (PlatformException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static PlatformException failure(String what, IOException e) {
        return new PlatformException(what + ": " + e.getMessage(), e);
    }
}
