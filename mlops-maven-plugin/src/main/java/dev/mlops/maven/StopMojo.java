package dev.mlops.maven;

import dev.mlops.core.host.HostProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops the function host that {@code mlops:start} started for this project, if it still runs; with
 * {@code -Dmlops.platformHost}, the local platform's background host that {@code mlops:deploy} started instead.
 * Nothing running is not an error.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractMlopsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.stop.skip", defaultValue = "false")
    private boolean skipStop;

    /**
     * Stop the local platform's host (started by {@code mlops:deploy}) rather than this project's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.platformHost", defaultValue = "false")
    private boolean platformHost;

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("stop", skipStop)) {
            return;
        }
        try {
            Path state = platformHost ? mlopsHome().folder().resolve("local").resolve("host.properties")
                    : StartMojo.stateFile(project);
            Optional<HostProcess.Running> stopped = HostProcess.stop(state, Duration.ofSeconds(10));
            getLog().info(stopped.map(host -> "function host stopped (pid " + host.pid() + ", " + host.url() + ")")
                    .orElse("no function host started by mlops:start is running here"));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot stop the function host: " + e.getMessage(), e);
        }
    }
}
