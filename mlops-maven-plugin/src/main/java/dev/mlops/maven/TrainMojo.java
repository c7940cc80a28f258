package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.api.ModelException;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.settings.CronSchedule;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Trains the models whose {@code info.training.schedule} is this cron schedule, instead of {@code -Dmodel}: what
     * the workflow's schedule trigger passes ({@code github.event.schedule}), so each schedule trains its models.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.schedule")
    private String schedule;

    @Inject
    public TrainMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("train", skipTrain)) {
            return;
        }
        if (schedule != null && !schedule.isBlank()) {
            for (ModelSettings scheduled : scheduledModels()) {
                model = scheduled.modelName();
                modelSettings = Optional.of(scheduled);
                train();
            }
            return;
        }
        chooseModel();
        train();
    }

    /** @return the models whose training runs on {@code -Dmlops.schedule}, in the settings' order */
    private List<ModelSettings> scheduledModels() throws MojoFailureException {
        if (model != null && !model.isBlank()) {
            throw new MojoFailureException("-Dmlops.schedule chooses the models to train by their"
                    + " info.training.schedule; leave out -Dmodel=" + model.strip());
        }
        String wanted = CronSchedule.normalize(schedule);
        List<ModelSettings> models = readSettings().models();
        List<ModelSettings> scheduled = models.stream().filter(m -> m.training().flatMap(t -> t.schedule())
                .filter(wanted::equals).isPresent()).toList();
        if (scheduled.isEmpty()) {
            List<String> schedules = models.stream().flatMap(m -> m.training().flatMap(t -> t.schedule())
                    .map(s -> m.modelName() + " '" + s + "'").stream()).toList();
            throw new MojoFailureException("no model of " + settingsFile.getName() + " trains on the schedule '"
                    + wanted + "'; " + (schedules.isEmpty() ? "none has an info.training.schedule"
                    : "the schedules are " + String.join(", ", schedules)));
        }
        getLog().info("schedule '" + wanted + "': training " + String.join(", ", scheduled.stream()
                .map(ModelSettings::modelName).toList()));
        return scheduled;
    }

    private void train() throws MojoExecutionException, MojoFailureException {
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
