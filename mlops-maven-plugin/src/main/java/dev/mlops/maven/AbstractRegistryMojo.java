package dev.mlops.maven;

import dev.mlops.core.registry.LocalArtifactStore;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.Progress;
import dev.mlops.core.settings.Environment;
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

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

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

    protected ModelManager manager() {
        return manager(modelSettings.map(ModelSettings::dataset).orElse(dataset));
    }

    /**
     * @return the Model Manager of a model's dataset
     */
    protected ModelManager manager(String namespace) {
        Path store = mlopsHome().folder().resolve("store");
        getLog().debug("artifact store " + store + ", dataset " + namespace);
        return new ModelManager(new LocalArtifactStore(store), namespace, Clock.systemUTC(), who());
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

    /** Progress on an interactive console, at most a line a second; nothing in batch mode. */
    protected Progress progress(String what, long total) {
        if (!interactive() || total < 64L * 1024 * 1024) {
            return Progress.NONE;
        }
        AtomicLong done = new AtomicLong();
        AtomicLong lastShown = new AtomicLong(System.nanoTime());
        return bytes -> {
            long now = done.addAndGet(bytes);
            long last = lastShown.get();
            // Files are copied two at a time: one thread at a time gets to print.
            if (System.nanoTime() - last > 1_000_000_000L && lastShown.compareAndSet(last, System.nanoTime())) {
                getLog().info(String.format("%s: %d of %d MiB (%d%%)", what, now >> 20, total >> 20,
                        now * 100 / total));
            }
        };
    }

    /** Who is working, as recorded with versions and deployments: the GitHub actor in CI, else the user. */
    protected static String who() {
        String actor = System.getenv("GITHUB_ACTOR");
        return actor != null && !actor.isBlank() ? actor : System.getProperty("user.name", "unknown");
    }
}
