package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.naming.Environment;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Downloads a version (the latest by default) of a model into a folder, verifying every file's SHA-256. A folder
 * that is not empty is replaced only with {@code -Dmlops.overwrite}, and only when the whole version arrived intact.
 */
@Mojo(name = "download", requiresProject = false, threadSafe = true)
public class DownloadMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.download.skip", defaultValue = "false")
    private boolean skipDownload;

    /**
     * The version to download; default: the latest.
     *
     * @since 0.1.0
     */
    @Parameter(property = "version")
    private Integer version;

    /**
     * The folder to download into; default: the model's {@code artifact_folder}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.folder")
    private File folder;

    /**
     * Replace what a non-empty target folder holds.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.overwrite", defaultValue = "false")
    private boolean overwrite;

    @Inject
    public DownloadMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("download", skipDownload)) {
            return;
        }
        chooseModel();
        Environment environment = environment(Environment.DEV);
        Path target = folder(folder, "download");
        try {
            ArtifactVersion chosen = requestedVersion(version).isPresent()
                    ? manager().find(model, environment, version) : manager().latest(model, environment).orElse(null);
            long size = chosen == null ? 0 : chosen.size();
            ArtifactVersion downloaded = manager().download(model, environment, requestedVersion(version), target, overwrite,
                    progress("downloading " + model, size));
            getLog().info("downloaded " + downloaded.id() + " into " + target + " (" + downloaded.fileCount()
                    + " files verified)");
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }
}
