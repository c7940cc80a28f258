package dev.mlops.maven;

import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.settings.ModelSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** A Model Manager goal: a model's versions in a dataset of the store. */
abstract class AbstractRegistryMojo extends AbstractStoreMojo {

    /** The prefix of user properties that carry metadata: {@code -Dmlops.metadata.git_commit=abc123}. */
    static final String METADATA_PREFIX = "mlops.metadata.";

    /**
     * The dataset (artifact namespace) when there is no settings file; with one, the model's {@code dataset}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.dataset", defaultValue = "mlops")
    protected String dataset;

    protected AbstractRegistryMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    protected ModelManager manager() throws MojoFailureException {
        return manager(modelSettings.map(ModelSettings::dataset).orElse(dataset));
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

}
