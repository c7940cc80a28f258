package dev.mlops.maven;

import dev.mlops.core.home.MlopsHome;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.maven.artifact.Artifact;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every mlops goal has: the project, a skip switch, and where mlops keeps its things on this machine. */
abstract class AbstractMlopsMojo extends AbstractMojo {

    /**
     * Skips the goal.
     */
    @Parameter(property = "mlops.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Where mlops keeps its things on this machine: the local platform's deployments and the local artifact store.
     * Default: the environment variable {@code MLOPS_HOME}, else {@code ~/.mlops}.
     */
    @Parameter(property = "mlops.home")
    protected String home;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    private List<Artifact> pluginArtifacts;

    /**
     * @return the class path a function host runs with in a JVM of its own: this plugin's runtime dependencies
     */
    protected List<Path> hostClassPath() {
        return pluginArtifacts.stream().map(Artifact::getFile).filter(Objects::nonNull).map(File::toPath).toList();
    }

    /**
     * @return true, after logging so, when the goal is to be skipped
     */
    protected boolean skipped(String goal) {
        if (skip) {
            getLog().info("mlops:" + goal + " skipped (mlops.skip)");
        }
        return skip;
    }

    /**
     * @return the mlops home folder, logging which setting chose it
     */
    protected MlopsHome mlopsHome() {
        MlopsHome resolved = MlopsHome.resolve(Optional.ofNullable(home), Optional.ofNullable(System.getenv(
                MlopsHome.VARIABLE)), Path.of(System.getProperty("user.home")));
        getLog().debug("mlops home " + resolved.folder() + " (from " + resolved.source() + ")");
        return resolved;
    }
}
