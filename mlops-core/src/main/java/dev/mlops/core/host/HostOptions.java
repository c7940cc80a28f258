package dev.mlops.core.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a function host runs.
 *
 * @param deployments  the folder of {@code <externalId>.bundle} files to serve
 * @param bind         the address to listen on; loopback unless told otherwise
 * @param port         the port; 0 picks a free one
 * @param token        when present, calls and administration need {@code Authorization: Bearer <token>}; health
 *                     and metrics stay open for probes
 * @param callTimeout  how long a call may take before it is answered with 504
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param files        where results asked for with {@code "to_file": true} are kept
 * @param work         where bundles are unpacked while served
 * @param scanInterval how often the deployment folder is checked for new, replaced and removed bundles
 */
public record HostOptions(Path deployments, String bind, int port, Optional<String> token, Duration callTimeout,
                          long maxBodyBytes, Path files, Path work, Duration scanInterval) {

    /** Default port of a host. */
    public static final int DEFAULT_PORT = 8080;
    /** Default call timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Default body limit: 16 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    /**
     * @param deployments the folder of bundles to serve
     * @return options with every default: loopback, port 8080, no token, 60 s calls, 16 MiB bodies, results and
     *         unpacked bundles in hidden folders beside the bundles, a scan every 250 ms
     */
    public static HostOptions defaults(Path deployments) {
        return new HostOptions(deployments, "127.0.0.1", DEFAULT_PORT, Optional.empty(), DEFAULT_CALL_TIMEOUT,
                DEFAULT_MAX_BODY_BYTES, deployments.resolve(".files"), deployments.resolve(".work"),
                Duration.ofMillis(250));
    }

    /**
     * @return these options on another port
     */
    public HostOptions withPort(int newPort) {
        return new HostOptions(deployments, bind, newPort, token, callTimeout, maxBodyBytes, files, work,
                scanInterval);
    }

    /**
     * @return these options with a bearer token
     */
    public HostOptions withToken(Optional<String> newToken) {
        return new HostOptions(deployments, bind, port, newToken, callTimeout, maxBodyBytes, files, work,
                scanInterval);
    }

    /**
     * @return these options with another call timeout
     */
    public HostOptions withCallTimeout(Duration newTimeout) {
        return new HostOptions(deployments, bind, port, token, newTimeout, maxBodyBytes, files, work, scanInterval);
    }

    /**
     * @return these options with another body limit
     */
    public HostOptions withMaxBodyBytes(long newLimit) {
        return new HostOptions(deployments, bind, port, token, callTimeout, newLimit, files, work, scanInterval);
    }

    /**
     * @return these options listening on another address
     */
    public HostOptions withBind(String newBind) {
        return new HostOptions(deployments, newBind, port, token, callTimeout, maxBodyBytes, files, work,
                scanInterval);
    }
}
