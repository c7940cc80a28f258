package dev.mlops.maven;

import dev.mlops.core.host.HostOptions;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** A goal that runs a function host. */
abstract class AbstractHostMojo extends AbstractMlopsMojo {

    /** The environment variable that holds the host's bearer token. */
    static final String TOKEN_VARIABLE = "MLOPS_HOST_TOKEN";

    /**
     * The folder of {@code <externalId>.bundle} files to serve. Default: the local platform's deployments under the
     * mlops home ({@code ~/.mlops/local/deployments}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.deployments")
    private File deployments;

    /**
     * The port to listen on; 0 picks a free one.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.port", defaultValue = "8080")
    protected int port;

    /**
     * The address to listen on; loopback keeps the host off the network.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.bind", defaultValue = "127.0.0.1")
    private String bind;

    /**
     * Seconds a call may take before the host answers 504 and interrupts it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.callTimeout", defaultValue = "60")
    private int callTimeout;

    /**
     * The largest request body in bytes; larger ones get 413.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.maxBody", defaultValue = "16777216")
    private long maxBody;

    /**
     * The {@code settings.xml} server whose password is the host's bearer token, when the environment variable
     * {@code MLOPS_HOST_TOKEN} is not set. Without either, calls need no token.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.hostServerId", defaultValue = "mlops-host")
    private String hostServerId;

    private final SettingsDecrypter decrypter;

    protected AbstractHostMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    protected HostOptions hostOptions() {
        Path folder = deployments != null ? deployments.toPath().toAbsolutePath() : mlopsHome().localDeployments();
        Path work = Path.of(project.getBuild().getDirectory(), "mlops", "host");
        return HostOptions.defaults(folder).withBind(bind).withPort(port).withToken(token())
                .withCallTimeout(Duration.ofSeconds(callTimeout)).withMaxBodyBytes(maxBody)
                .withFolders(work.resolve("files"), work.resolve("work"));
    }

    /** The token's source is logged; the token never is. */
    private Optional<String> token() {
        String fromEnvironment = System.getenv(TOKEN_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            getLog().info("host token from the environment variable " + TOKEN_VARIABLE);
            return Optional.of(fromEnvironment.strip());
        }
        Server server = session.getSettings().getServer(hostServerId);
        if (server != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                getLog().warn("settings.xml server " + hostServerId + ": " + problem.getMessage());
            }
            String password = result.getServer().getPassword();
            if (password != null && !password.isBlank()) {
                getLog().info("host token from settings.xml server " + hostServerId);
                return Optional.of(password);
            }
        }
        getLog().info("no host token (" + TOKEN_VARIABLE + " unset, no settings.xml server " + hostServerId
                + "): calls need none");
        return Optional.empty();
    }
}
