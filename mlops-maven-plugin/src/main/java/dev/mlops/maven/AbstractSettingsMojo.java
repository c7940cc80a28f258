package dev.mlops.maven;

import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsException;
import dev.mlops.core.settings.SettingsFile;
import dev.mlops.core.settings.SettingsProblem;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works from the model repository's settings file. */
abstract class AbstractSettingsMojo extends AbstractMlopsMojo {

    /**
     * The settings file: one YAML document per model, {@code ---} between models.
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
            throw new MojoFailureException(e.getMessage());
        }
        for (SettingsProblem warning : settings.warnings()) {
            getLog().warn(warning.toString());
        }
        return settings;
    }

    private String displayName(Path file) {
        Path base = project.getBasedir().toPath().toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
