package dev.mlops.maven;

import dev.mlops.core.host.HostProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Starts the function host in the background and waits until it is ready, for integration tests. Its port is set
 * as the project properties {@code mlops.host.port} and {@code mlops.host.url} for later goals and plugins, and
 * recorded with its pid in {@code target/mlops-host.properties}; its output goes to {@code target/mlops-host.log}.
 * {@code mlops:stop} ends it.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractHostMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.start.skip", defaultValue = "false")
    private boolean skipStart;

    /**
     * Seconds to wait for the host to be ready.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.startTimeout", defaultValue = "60")
    private int startTimeout;

    @Inject
    public StartMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("start", skipStart)) {
            return;
        }
        try {
            HostProcess.Running host = HostProcess.start(hostClassPath(), hostOptions(), stateFile(project),
                    Duration.ofSeconds(startTimeout));
            project.getProperties().setProperty("mlops.host.port", Integer.toString(host.port()));
            project.getProperties().setProperty("mlops.host.url", host.url());
            getLog().info("function host started on " + host.url() + " (pid " + host.pid() + ", log " + host.log()
                    + "); mvn mlops:stop ends it");
        } catch (HostProcess.AlreadyRunning e) {
            throw new MojoExecutionException(e.getMessage() + " (mvn mlops:stop)", e);
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    static Path stateFile(org.apache.maven.project.MavenProject project) {
        return Path.of(project.getBuild().getDirectory(), "mlops-host.properties");
    }
}
