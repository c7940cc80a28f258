package dev.mlops.maven;

import dev.mlops.core.deployment.Deployment;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.Infrastructure;
import dev.mlops.core.kubernetes.HostManifests;
import dev.mlops.core.kubernetes.KubernetesOptions;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.settings.Platform;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.Progress;
import dev.mlops.core.store.S3ArtifactStore;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.StoreAddress;
import dev.mlops.core.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * A goal that reaches the Model Manager's store (which store, how to reach it) and, to deploy, each model's platform.
 */
abstract class AbstractStoreMojo extends AbstractModelMojo {

    /**
     * The Model Manager's store: {@code s3://<bucket>[/<prefix>]} for an S3-compatible bucket that a team, its CI and
     * its platform share, or a folder. Default: the environment variable {@code MLOPS_STORE}, else
     * {@code <mlops home>/store}. S3 credentials come from the {@code settings.xml} server {@code mlops-store}
     * (username = access key id, password = secret key, decrypted like other servers), else the AWS SDK's default
     * chain (environment, profile, web identity, container or instance role); the log says which.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.store")
    protected String store;

    /**
     * The S3 server, for anything but AWS S3 itself (MinIO, Ceph RGW, Cloudflare R2 …). Default: the environment
     * variable {@code MLOPS_S3_ENDPOINT}, else the AWS SDK's {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.s3.endpoint")
    protected String s3Endpoint;

    /**
     * The S3 region. Default: the AWS SDK's region chain ({@code AWS_REGION}, the profile, instance metadata), else
     * {@code us-east-1}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.s3.region")
    protected String s3Region;

    /**
     * Whether the bucket goes in the URL's path rather than its host name. Default: true when an endpoint is given,
     * false for AWS S3.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.s3.pathStyle")
    protected Boolean s3PathStyle;

    /** The id of the settings.xml server that holds the S3 store's keys. */
    static final String STORE_SERVER = "mlops-store";

    /** Stores opened in this build, by what opened them: one connection check and one log line each. */
    private static final Map<String, ArtifactStore> OPEN_STORES = new ConcurrentHashMap<>();

    private final SettingsDecrypter decrypter;

    protected AbstractStoreMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    /**
     * @return the Model Manager of a model's dataset
     */
    protected ModelManager manager(String namespace) throws MojoFailureException {
        ArtifactStore opened = artifactStore();
        try {
            return new ModelManager(opened, namespace, Clock.systemUTC(), who());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage() + " (-Dmlops.dataset, or the model's dataset in "
                    + settingsFile.getName() + ")");
        }
    }

    /**
     * @return the store chosen by {@code -Dmlops.store}, {@code MLOPS_STORE} or the default folder, opened once per
     *         build
     */
    protected ArtifactStore artifactStore() throws MojoFailureException {
        String chosen = firstOf(store, System.getenv("MLOPS_STORE"));
        String source = store != null && !store.isBlank() ? "-Dmlops.store" : chosen != null ? "MLOPS_STORE" : null;
        StoreAddress address;
        try {
            address = chosen == null ? StoreAddress.folder(mlopsHome().folder().resolve("store"))
                    : StoreAddress.parse(chosen, project.getBasedir() == null ? Path.of("")
                    : project.getBasedir().toPath());
        } catch (StoreException e) {
            throw new MojoFailureException(e.getMessage() + " (" + source + ")");
        }
        return open(address, source);
    }

    /**
     * @param address a store's address as a bundle names it (such as the store its calls are logged to)
     * @return that store, reached with this goal's S3 settings and credentials
     */
    protected ArtifactStore artifactStore(String address) throws MojoFailureException {
        try {
            return open(StoreAddress.parse(address, Path.of("")), null);
        } catch (StoreException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }

    private ArtifactStore open(StoreAddress address, String source) throws MojoFailureException {
        if (!address.isS3()) {
            getLog().debug("artifact store " + address + (source == null ? "" : " (from " + source + ")"));
            return new LocalArtifactStore(address.folder().orElseThrow());
        }
        S3Options options = s3Options();
        String key = address + "|" + options.endpoint() + "|" + options.region() + "|" + options.pathStyle() + "|"
                + options.keys().map(k -> k.accessKeyId() + ":" + k.secretKey().hashCode()).orElse("chain");
        ArtifactStore open = OPEN_STORES.get(key);
        if (open != null) {
            return open;
        }
        try {
            S3ArtifactStore connected = S3ArtifactStore.connect(address, options);
            getLog().info("artifact store " + connected.describe() + ", credentials from "
                    + connected.credentialSource());
            OPEN_STORES.put(key, connected);
            return connected;
        } catch (StoreException e) {
            throw new MojoFailureException(e.getMessage() + suggestion(e));
        }
    }

    /**
     * @return the store, when a Kubernetes cluster's pods can reach it to fetch their bundles: an S3 one
     */
    protected ArtifactStore podStore() throws MojoFailureException {
        ArtifactStore opened = artifactStore();
        if (!opened.address().isS3()) {
            throw new MojoFailureException("platform kubernetes needs a store the cluster's pods reach, and "
                    + opened.describe() + " is on this machine only; name the team's bucket with"
                    + " -Dmlops.store=s3://bucket/prefix");
        }
        return opened;
    }

    /**
     * @return how the pods reach the store, as the function host reads it: this goal's endpoint, region and path
     *         style ({@code MLOPS_S3_ENDPOINT}, {@code MLOPS_S3_REGION}, {@code MLOPS_S3_PATH_STYLE})
     */
    protected Map<String, String> podStoreEnvironment() throws MojoFailureException {
        Map<String, String> environment = new LinkedHashMap<>();
        S3Options s3 = s3Options();
        s3.endpoint().ifPresent(endpoint -> environment.put("MLOPS_S3_ENDPOINT", endpoint.toString()));
        s3.region().ifPresent(region -> environment.put("MLOPS_S3_REGION", region));
        s3.pathStyle().ifPresent(pathStyle -> environment.put("MLOPS_S3_PATH_STYLE", pathStyle.toString()));
        return environment;
    }

    /**
     * @return what the pods of {@code platform: kubernetes} run with, besides each model's settings: the namespace,
     *         the host's image, the Secrets (an empty name for the default) and how they reach the store
     */
    protected KubernetesOptions podOptions(String namespace, String image, String secret, String tokenSecret,
                                           String storeSecret) throws MojoFailureException {
        return KubernetesOptions.of(namespace.strip(), image.strip())
                .withSecrets(Optional.ofNullable(secret).filter(s -> !s.isBlank()), tokenSecret)
                .withStore(Optional.ofNullable(storeSecret).filter(s -> !s.isBlank()), podStoreEnvironment());
    }

    /**
     * Stores a bundle in the pods' store by its SHA-256, once; {@code mlops:gc} keeps it.
     *
     * @return where the pods find it
     */
    protected HostManifests.BundleLocation storeBundle(ArtifactStore podStore, Path bundle)
            throws MojoFailureException {
        try {
            // A bundle is stored by its SHA-256 alone, whatever the dataset; the default one holds the records.
            return new HostManifests.BundleLocation(podStore.address().toString(), manager("mlops")
                    .storeBundle(bundle));
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }

    protected S3Options s3Options() throws MojoFailureException {
        String endpoint = firstOf(s3Endpoint, System.getenv("MLOPS_S3_ENDPOINT"), System.getenv("AWS_ENDPOINT_URL_S3"),
                System.getenv("AWS_ENDPOINT_URL"));
        Optional<URI> uri = Optional.empty();
        if (endpoint != null) {
            try {
                uri = Optional.of(new URI(endpoint.strip()));
            } catch (URISyntaxException e) {
                uri = Optional.empty();
            }
            if (uri.isEmpty() || uri.get().getHost() == null
                    || !List.of("http", "https").contains(String.valueOf(uri.get().getScheme()))) {
                throw new MojoFailureException("S3 endpoint '" + endpoint + "' is not an http:// or https:// URL"
                        + " (-Dmlops.s3.endpoint or MLOPS_S3_ENDPOINT)");
            }
        }
        Optional<S3Options.Keys> keys = Optional.empty();
        Optional<Server> server = server(STORE_SERVER);
        if (server.isPresent()) {
            Server decrypted = server.get();
            if (isBlank(decrypted.getUsername()) || isBlank(decrypted.getPassword())) {
                throw new MojoFailureException("the settings.xml server " + STORE_SERVER + " needs both a username"
                        + " (the access key id) and a password (the secret key)");
            }
            keys = Optional.of(new S3Options.Keys(decrypted.getUsername().strip(), decrypted.getPassword().strip(),
                    "the settings.xml server " + STORE_SERVER));
        }
        // Version records never change once written: copies of them under the mlops home spare an overview from
        // fetching again what it has seen.
        return new S3Options(uri, Optional.ofNullable(s3Region).filter(r -> !r.isBlank()),
                Optional.ofNullable(s3PathStyle), keys).withCache(mlopsHome().folder().resolve("cache").resolve("s3"));
    }

    /**
     * @return the {@code settings.xml} server of an id, its password decrypted, if there is one
     */
    protected Optional<Server> server(String id) {
        Server server = session.getSettings().getServer(id);
        if (server == null) {
            return Optional.empty();
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            getLog().warn("settings.xml server " + id + ": " + problem.getMessage());
        }
        return Optional.of(result.getServer());
    }

    private static String suggestion(StoreException e) {
        String message = e.getMessage();
        if (message.startsWith("no credentials")) {
            return "; or add a <server> with id " + STORE_SERVER + " to settings.xml";
        }
        if (message.startsWith("cannot reach")) {
            return " (-Dmlops.s3.endpoint or MLOPS_S3_ENDPOINT)";
        }
        if (message.contains("does not exist at")) {
            return " (-Dmlops.store or MLOPS_STORE)";
        }
        if (message.contains("set the store's region")) {
            return " (-Dmlops.s3.region)";
        }
        return "";
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    protected static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Progress of a long transfer (64 MiB or more): on an interactive console a line at most every second with
     * bytes, rate and time left; in batch mode a line per file as it is done.
     */
    protected Progress progress(String what, long total) {
        if (total < 64L * 1024 * 1024) {
            return Progress.NONE;
        }
        long started = System.nanoTime();
        AtomicLong done = new AtomicLong();
        AtomicLong lastShown = new AtomicLong(started);
        boolean console = interactive();
        return new Progress() {
            @Override
            public void advance(long bytes) {
                long now = done.addAndGet(bytes);
                long last = lastShown.get();
                long time = System.nanoTime();
                // Files are copied several at a time: one thread at a time gets to print.
                if (console && time - last > 1_000_000_000L && lastShown.compareAndSet(last, time)) {
                    double seconds = (time - started) / 1e9;
                    double rate = now / seconds;
                    getLog().info(String.format(Locale.ROOT, "%s: %s of %s (%d%%), %s/s, %s left", what,
                            size(now), size(total), now * 100 / total, size((long) rate),
                            rate <= 0 ? "?" : Duration.ofSeconds((long) ((total - now) / rate)).toString()
                                    .substring(2).toLowerCase(Locale.ROOT)));
                }
            }

            @Override
            public void fileDone(String path, long bytes) {
                if (!console) {
                    getLog().info(String.format(Locale.ROOT, "%s: %s (%s)", what, path, size(bytes)));
                }
            }
        };
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /**
     * @return the platform a model's settings name
     * @throws MojoFailureException for a platform this version cannot deploy to
     */
    protected DeploymentPlatform platform(Platform chosen, int port) throws MojoFailureException {
        if (chosen != Platform.LOCAL) {
            throw new MojoFailureException("platform " + chosen + " is not available in this version of mlops; use"
                    + " platform: local");
        }
        return localPlatform(port);
    }

    /**
     * @return the build's start: the time of the bundles built for deployment, so that {@code mlops:service-test}
     *         and {@code mlops:deploy} in one build make the same bundle and the test is not run twice
     */
    protected Instant buildTime() {
        return session.getRequest().getStartTime().toInstant();
    }

    /**
     * @return where service tests that passed in this build are noted
     */
    protected ServiceTestPasses serviceTestPasses() {
        return new ServiceTestPasses(Path.of(project.getBuild().getDirectory(), "mlops", "service-test-passed"));
    }

    /**
     * @return the deployment steps over each model's Model Manager and platform, working in
     *         {@code target/mlops/deploy}
     */
    protected Deployment deployment(int port) {
        Infrastructure infrastructure = new Infrastructure() {
            @Override
            public ModelManager manager(String dataset) throws DeploymentException {
                try {
                    return AbstractStoreMojo.this.manager(dataset);
                } catch (MojoFailureException e) {
                    throw new DeploymentException("", e.getMessage(), DeploymentException.Fix.NONE, e);
                }
            }

            @Override
            public DeploymentPlatform platform(Platform chosen) throws DeploymentException {
                try {
                    return AbstractStoreMojo.this.platform(chosen, port);
                } catch (MojoFailureException e) {
                    throw new DeploymentException("", e.getMessage(), DeploymentException.Fix.NONE, e);
                }
            }
        };
        return new Deployment(infrastructure, hostClassPath(), Path.of(project.getBuild().getDirectory(), "mlops",
                "deploy"), serviceTestPasses(), Clock.systemUTC(), getLog()::info);
    }

}
