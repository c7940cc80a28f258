package dev.mlops.maven;

import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.S3ArtifactStore;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.StoreAddress;
import dev.mlops.core.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.store.Progress;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Settings;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A Model Manager goal: which model, environment and version, and the store they live in. */
abstract class AbstractRegistryMojo extends AbstractSettingsMojo {

    /** The prefix of user properties that carry metadata: {@code -Dmlops.metadata.git_commit=abc123}. */
    static final String METADATA_PREFIX = "mlops.metadata.";

    /**
     * The model. Checked against the settings file when there is one; may be left out when it has one model.
     */
    @Parameter(property = "model")
    protected String model;

    /**
     * The environment: {@code dev}, {@code test} or {@code prod}. Default: the environment variable
     * {@code MODEL_ENV}, else the goal's own default.
     */
    @Parameter(property = "env")
    protected String env;

    /**
     * The artifact version; default: the latest.
     */
    @Parameter(property = "version")
    protected Integer version;

    /**
     * The dataset (artifact namespace) when there is no settings file; with one, the model's {@code dataset}.
     */
    @Parameter(property = "mlops.dataset", defaultValue = "mlops")
    protected String dataset;

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

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** The id of the settings.xml server that holds the S3 store's keys. */
    static final String STORE_SERVER = "mlops-store";

    /** Stores opened in this build, by what opened them: one connection check and one log line each. */
    private static final Map<String, ArtifactStore> OPEN_STORES = new ConcurrentHashMap<>();

    private final SettingsDecrypter decrypter;

    protected AbstractRegistryMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    /** The model's settings, when the project has a settings file. */
    protected Optional<ModelSettings> modelSettings = Optional.empty();

    /**
     * Settles {@link #model} and {@link #modelSettings}.
     */
    protected String chooseModel() throws MojoFailureException {
        if (!settingsFile.isFile()) {
            if (model == null || model.isBlank()) {
                throw new MojoFailureException("no model given; pass -Dmodel=<model_name> (there is no "
                        + settingsFile.getName() + " to choose from)");
            }
            if (!FunctionId.MODEL_NAME.matcher(model).matches()) {
                throw new MojoFailureException("-Dmodel='" + model + "' is not a model name: letters, digits and"
                        + " underscores, starting with a letter (like model1)");
            }
            return model;
        }
        Settings settings = readSettings();
        String names = String.join(", ", settings.models().stream().map(ModelSettings::modelName).toList());
        if (model == null || model.isBlank()) {
            if (settings.models().size() != 1) {
                throw new MojoFailureException("which model? pass -Dmodel=<model_name>, one of " + names);
            }
            model = settings.models().get(0).modelName();
        }
        modelSettings = settings.model(model);
        if (modelSettings.isEmpty()) {
            throw new MojoFailureException("model '" + model + "' is not in " + settingsFile.getName()
                    + "; its models are " + names);
        }
        return model;
    }

    /**
     * @return {@code -Denv}, else {@code MODEL_ENV}, else {@code fallback}
     */
    protected Environment environment(Environment fallback) throws MojoFailureException {
        String chosen = env != null && !env.isBlank() ? env : System.getenv("MODEL_ENV");
        if (chosen == null || chosen.isBlank()) {
            return fallback;
        }
        return Environment.parse(chosen.trim()).orElseThrow(() -> new MojoFailureException("environment '" + chosen
                + "' is not one of dev, test, prod (-Denv or MODEL_ENV)"));
    }

    protected OptionalInt requestedVersion() throws MojoFailureException {
        if (version == null) {
            return OptionalInt.empty();
        }
        if (version < 1) {
            throw new MojoFailureException("version " + version + " does not exist; versions count from 1");
        }
        return OptionalInt.of(version);
    }

    protected ModelManager manager() throws MojoFailureException {
        return manager(modelSettings.map(ModelSettings::dataset).orElse(dataset));
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

    private S3Options s3Options() throws MojoFailureException {
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
        Server server = session.getSettings().getServer(STORE_SERVER);
        if (server != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                getLog().warn("settings.xml server " + STORE_SERVER + ": " + problem.getMessage());
            }
            Server decrypted = result.getServer();
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

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The artifact folder: the given one, else the model's {@code artifact_folder}. */
    protected Path folder(File given, String goal) throws MojoFailureException {
        if (given != null) {
            return given.toPath().toAbsolutePath();
        }
        return modelSettings.flatMap(ModelSettings::artifactFolder).orElseThrow(() -> new MojoFailureException(
                "no folder for mlops:" + goal + "; pass -Dmlops.folder=<folder>"
                        + (modelSettings.isPresent() ? " (the settings say artifact_folder: null)" : "")));
    }

    /** Metadata from {@code -Dmlops.metadata.<key>=<value>}, sorted by key. */
    protected Map<String, String> metadata() {
        Map<String, String> metadata = new TreeMap<>();
        session.getUserProperties().forEach((key, value) -> {
            String name = String.valueOf(key);
            if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()) {
                metadata.put(name.substring(METADATA_PREFIX.length()), String.valueOf(value));
            }
        });
        return metadata;
    }

    protected boolean interactive() {
        return session.getRequest().isInteractiveMode() && System.console() != null;
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

    /** Who is working, as recorded with versions and deployments: the GitHub actor in CI, else the user. */
    protected static String who() {
        String actor = System.getenv("GITHUB_ACTOR");
        return actor != null && !actor.isBlank() ? actor : System.getProperty("user.name", "unknown");
    }
}
