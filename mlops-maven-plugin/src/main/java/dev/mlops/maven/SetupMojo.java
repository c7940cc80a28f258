package dev.mlops.maven;

import dev.mlops.core.settings.Platform;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.setup.PomPlugin;
import dev.mlops.core.setup.ProjectSetup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Sets up mlops in an existing Maven project, and keeps it up to date: writes the GitHub workflow
 * ({@code .github/workflows/main.yml}) if it is missing, otherwise updates only the mlops version it pins and keeps
 * every other line as it is; writes {@code mlops_settings.yaml} from a template if it is missing, otherwise validates
 * it; keeps the settings' JSON Schema for editors in {@code .mlops/}. A second run changes nothing and says so. Works
 * where the plugin is not in the POM yet: {@code mvn dev.mlops:mlops-maven-plugin:<version>:setup}.
 */
@Mojo(name = "setup", threadSafe = true)
public class SetupMojo extends AbstractSettingsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.setup.skip", defaultValue = "false")
    private boolean skipSetup;

    /**
     * The workflow to write or update.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.workflowFile", defaultValue = "${project.basedir}/.github/workflows/main.yml")
    private java.io.File workflowFile;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String mlopsVersion;

    /** @return the training schedules of the project's settings, each once, in the settings' order */
    private List<String> schedules() {
        return existingSettings().map(settings -> settings.models().stream()
                .flatMap(m -> m.training().flatMap(t -> t.schedule()).stream()).distinct().toList())
                .orElse(List.of());
    }

    private Optional<Settings> existingSettings() {
        if (settingsFile.isFile()) {
            try {
                return Optional.of(dev.mlops.core.settings.SettingsFile.read(settingsFile.toPath()));
            } catch (dev.mlops.core.settings.SettingsException e) {
                // invalid settings are reported below, after the files are written
            }
        }
        return Optional.empty();
    }

    /**
     * @return team mode when the project's settings put every model on Kubernetes (an S3 store and a cluster, so
     *         GitHub-hosted runners do), else local mode (a self-hosted runner keeping MLOPS_HOME)
     */
    private ProjectSetup.WorkflowMode workflowMode() {
        Optional<Settings> existing = existingSettings();
        return existing.isPresent() && !existing.get().models().isEmpty() && existing.get().models().stream()
                .allMatch(m -> m.platform() == Platform.KUBERNETES) ? ProjectSetup.WorkflowMode.TEAM
                : ProjectSetup.WorkflowMode.LOCAL;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("setup", skipSetup)) {
            return;
        }
        Path base = project.getBasedir().toPath();
        List<ProjectSetup.Outcome> outcomes = new ArrayList<>();
        try {
            outcomes.add(ProjectSetup.workflow(workflowFile.toPath(), resource("setup/main.yml"), mlopsVersion,
                    workflowMode(), schedules()));
            String modelName = ProjectSetup.modelName(project.getArtifactId());
            String settings = resource("setup/mlops_settings.yaml")
                    .replace("@modelName@", modelName)
                    .replace("@humanFriendlyModelName@", (project.getName() != null ? project.getName()
                            : project.getArtifactId()).replace("'", "''"))
                    .replace("@modelClass@", project.getGroupId() + ".Model");
            outcomes.add(ProjectSetup.settings(settingsFile.toPath(), settings));
            outcomes.add(ProjectSetup.schema(base.resolve(".mlops").resolve("mlops-settings.schema.json"),
                    resourceAtRoot("mlops-settings.schema.json")));
            outcomes.add(plugin());
        } catch (IOException e) {
            throw new MojoExecutionException("mlops:setup could not write: " + e.getMessage(), e);
        }
        for (ProjectSetup.Outcome outcome : outcomes) {
            getLog().info(outcome.message().replace(base + "/", ""));
        }
        Settings read = readSettings();
        getLog().info(settingsFile.getName() + ": " + read.models().size() + (read.models().size() == 1
                ? " model" : " models") + ", valid");
        if (outcomes.stream().allMatch(o -> o.change() == ProjectSetup.Change.UNCHANGED)) {
            getLog().info("nothing to change: this project is set up for mlops " + mlopsVersion);
        }
    }

    /**
     * The plugin in the POM, with its goals bound: added when the POM (or its parent) lacks it, keeping the POM's
     * formatting; when it cannot be added, the goal fails with the XML to add.
     */
    private ProjectSetup.Outcome plugin() throws IOException, MojoFailureException {
        Path pom = project.getFile() == null ? null : project.getFile().toPath();
        Optional<Plugin> declared = project.getBuildPlugins().stream()
                .filter(p -> p.getGroupId().equals("dev.mlops") && p.getArtifactId().equals("mlops-maven-plugin"))
                .findFirst();
        if (declared.isPresent()) {
            List<String> bound = declared.get().getExecutions().stream().flatMap(e -> e.getGoals().stream()).toList();
            List<String> unbound = PomPlugin.GOALS.stream().filter(g -> !bound.contains(g)).toList();
            return new ProjectSetup.Outcome(ProjectSetup.Change.UNCHANGED, pom, "the POM declares mlops-maven-plugin"
                    + (unbound.isEmpty() ? "" : "; goals not bound to the build: " + String.join(", ", unbound)
                    + " (mvn verify and mvn deploy do not run them)"));
        }
        Optional<String> added = pom == null || !Files.isRegularFile(pom) ? Optional.empty()
                : PomPlugin.add(Files.readString(pom, StandardCharsets.UTF_8), mlopsVersion);
        if (added.isEmpty()) {
            throw new MojoFailureException("mlops:setup cannot add the plugin to " + (pom == null ? "the POM" : pom)
                    + "; add this to its <build><plugins>, then run mlops:setup again:\n"
                    + PomPlugin.declaration(mlopsVersion, "  ", 0));
        }
        Files.writeString(pom, added.get(), StandardCharsets.UTF_8);
        return new ProjectSetup.Outcome(ProjectSetup.Change.UPDATED, pom, "added mlops-maven-plugin " + mlopsVersion
                + " to " + pom.getFileName() + ", its goals " + String.join(", ", PomPlugin.GOALS)
                + " bound to the build");
    }

    private static String resource(String name) throws IOException {
        return read(SetupMojo.class.getResourceAsStream(name), name);
    }

    private static String resourceAtRoot(String name) throws IOException {
        return read(SetupMojo.class.getClassLoader().getResourceAsStream(name), name);
    }

    private static String read(InputStream in, String name) throws IOException {
        if (in == null) {
            throw new IOException("the plugin lacks its " + name);
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
