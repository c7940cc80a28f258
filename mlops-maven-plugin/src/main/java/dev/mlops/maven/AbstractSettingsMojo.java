package dev.mlops.maven;

import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsException;
import dev.mlops.core.settings.SettingsFile;
import dev.mlops.core.settings.SettingsProblem;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works from the model repository's settings file. */
abstract class AbstractSettingsMojo extends AbstractMlopsMojo {

    /**
     * The settings file: one YAML document per model, {@code ---} between models.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.settingsFile", defaultValue = "${project.basedir}/mlops_settings.yaml")
    protected File settingsFile;

    /**
     * @return the settings, after logging their warnings
     * @throws MojoFailureException listing every problem of the file
     */
    protected Settings readSettings() throws MojoFailureException {
        Settings settings;
        try {
            settings = SettingsFile.read(settingsFile.toPath(), displayName(settingsFile.toPath()));
        } catch (SettingsException e) {
            throw new MojoFailureException(HelpfulSuggestions.of(e));
        }
        for (SettingsProblem warning : settings.warnings()) {
            getLog().warn(warning.toString());
        }
        return settings;
    }

    /**
     * @return the project's jar when packaged, else its classes folder; then its runtime dependencies, but not the
     *         mlops API, which the function host shares with every model
     */
    protected List<Path> modelClassPath() {
        List<Path> classPath = new ArrayList<>();
        File jar = project.getArtifact().getFile();
        classPath.add(jar != null && jar.isFile() ? jar.toPath() : Path.of(project.getBuild().getOutputDirectory()));
        for (Artifact artifact : project.getArtifacts()) {
            boolean sharedApi = artifact.getGroupId().equals("dev.mlops") && artifact.getArtifactId().equals("mlops-api");
            if (!sharedApi && artifact.getArtifactHandler().isAddedToClasspath() && artifact.getFile() != null
                    && Files.exists(artifact.getFile().toPath())) {
                classPath.add(artifact.getFile().toPath());
            }
        }
        return classPath;
    }

    private String displayName(Path file) {
        Path base = project.getBasedir().toPath().toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
