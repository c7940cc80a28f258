package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.api.ModelException;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.model.Training;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.store.Progress;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.ModelFormat;
import dev.mlops.core.settings.ModelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Trains a model on this machine: runs its {@code train} (the class must implement
 * {@code dev.mlops.api.TrainingModel}) into a fresh folder, with the settings' secrets from the environment, and
 * uploads what it wrote as the next {@code dev} version, with the metadata it returned, the git commit and
 * {@code -Dmlops.metadata.<key>=<value>}. Build the project first ({@code mvn package mlops:train}).
 */
@Mojo(name = "train", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class TrainMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.train.skip", defaultValue = "false")
    private boolean skipTrain;

    @Inject
    public TrainMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("train", skipTrain)) {
            return;
        }
        chooseModel();
        if (env != null && !env.isBlank() && environment(Environment.DEV) != Environment.DEV) {
            throw new MojoFailureException("mlops:train uploads what it trains to dev; -Denv=" + env.strip() + " is not"
                    + " where it goes. Promote the version from dev afterwards: mvn mlops:promote -Dmodel=" + model
                    + (environment(Environment.DEV) == Environment.PROD ? ", then -Denv=prod" : ""));
        }
        ModelSettings settings = modelSettings.orElseThrow(() -> new MojoFailureException("mlops:train needs the"
                + " model's settings in " + settingsFile.getName()));
        if (settings.modelFormat() == ModelFormat.ONNX) {
            throw new MojoFailureException(model + " is an ONNX model (model_format: onnx): it has no model_class to"
                    + " train, and is trained where it is exported. Export the new graph into its artifact_folder"
                    + " and upload it as the next dev version: mvn mlops:upload -Dmodel=" + model);
        }
        Path folder;
        try {
            folder = Files.createDirectories(Path.of(project.getBuild().getDirectory(), "mlops", "training"))
                    .resolve(model + "-" + System.currentTimeMillis());
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot make a training folder: " + e.getMessage(), e);
        }
        Map<String, String> metadata = new TreeMap<>();
        try {
            metadata.putAll(Training.run(settings.modelClass(), modelClassPath(), folder, settings.secrets(),
                    System::getenv));
        } catch (ModelException e) {
            throw new MojoFailureException(model + ": training failed: " + e.getMessage());
        }
        metadata.putAll(metadata());
        GitCommit.of(project.getBasedir().toPath(), System.getenv())
                .ifPresent(commit -> metadata.putIfAbsent("git_commit", commit));
        try {
            ArtifactVersion version = manager().upload(model, Environment.DEV, folder, metadata, Progress.NONE);
            getLog().info("trained " + model + " into " + folder + " and uploaded it as " + version.id() + " ("
                    + version.fileCount() + " files, metadata " + metadata + ")");
        } catch (RegistryException e) {
            throw new MojoFailureException(model + ": " + HelpfulSuggestions.of(e));
        }
    }
}
