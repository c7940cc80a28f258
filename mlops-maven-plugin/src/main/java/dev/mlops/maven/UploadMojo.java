package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.naming.Environment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads an artifact folder as the next version of a model in {@code dev} (default) or {@code test}, with
 * metadata from {@code -Dmlops.metadata.<key>=<value>} and the git commit. {@code prod} is reached only by
 * promotion. Identical content is stored once.
 */
@Mojo(name = "upload", threadSafe = true)
public class UploadMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.upload.skip", defaultValue = "false")
    private boolean skipUpload;

    /**
     * The folder to upload; default: the model's {@code artifact_folder}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.folder")
    private File folder;

    @Inject
    public UploadMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("upload", skipUpload)) {
            return;
        }
        chooseModel();
        Environment environment = environment(Environment.DEV);
        Path source = folder(folder, "upload");
        Map<String, String> metadata = new TreeMap<>(metadata());
        GitCommit.of(project.getBasedir().toPath(), System.getenv())
                .ifPresent(commit -> metadata.putIfAbsent("git_commit", commit));
        try {
            ArtifactVersion uploaded = manager().upload(model, environment, source, metadata,
                    progress("uploading " + source, size(source)));
            getLog().info("uploaded " + source + " as " + uploaded.id() + " (" + uploaded.fileCount() + " files, "
                    + uploaded.size() + " bytes, sha256 " + uploaded.sha256() + ")");
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }

    private static long size(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
