package dev.mlops.core.host;

import dev.mlops.core.monitoring.PredictionLog;
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
 * @param loadTimeout  how long a bundle's {@code initialization} may take before the function is reported failed
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param limits       what the host's connections and requests in progress may hold
 * @param files        where results asked for with {@code "to_file": true} are kept
 * @param retention    how long, and how many bytes of, those results are kept
 * @param work         where bundles are unpacked while served
 * @param scanInterval how often the deployment folder is checked for new, replaced and removed bundles
 * @param predictionLog how much the prediction log holds and how often it stores what it holds
 */
public record HostOptions(Path deployments, String bind, int port, Optional<String> token, Duration callTimeout,
                          Duration loadTimeout, long maxBodyBytes, Limits limits, Path files,
                          FileRetention retention, Path work, Duration scanInterval,
                          PredictionLog.Options predictionLog) {

    /** Default port of a host. */
    public static final int DEFAULT_PORT = 8080;
    /** Default call timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Default load timeout. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(60);
    /** Default body limit: 16 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    /**
     * What connections may hold, so that slow, idle or announcing clients cannot take the host's memory or file
     * descriptors from the callers who send their requests.
     *
     * @param maxConnections  open connections beyond which a request is answered 503 and its connection closed
     * @param headerTimeout   how long a request's headers may take to arrive
     * @param bodyTimeout     how long a request's body may take to arrive, from its headers; then 408
     * @param idleTimeout     how long a connection may stay open without a request
     * @param maxPendingBytes request bytes all calls in progress may hold at once, counted as they arrive; beyond
     *                        it a call is answered 503
     */
    public record Limits(int maxConnections, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                         long maxPendingBytes) {

        /**
         * @return 1,000 connections, 10 s for headers, 30 s for a body, 60 s idle, and a sixteenth of the heap
         *         (at least 64 MiB) in requests in progress
         */
        public static Limits defaults() {
            return new Limits(1000, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                    Math.max(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16));
        }
    }

    /**
     * How long results stored for {@code "to_file": true} calls are kept: each at most {@code maxAge}, all together
     * at most {@code maxBytes}; beyond either, the oldest go first.
     *
     * @param maxAge   how long a result is kept
     * @param maxBytes how many bytes of results are kept
     */
    public record FileRetention(Duration maxAge, long maxBytes) {

        /**
         * @return an hour, 1 GiB
         */
        public static FileRetention defaults() {
            return new FileRetention(Duration.ofHours(1), 1024L * 1024 * 1024);
        }
    }

    /**
     * @param deployments the folder of bundles to serve
     * @return options with every default: loopback, port 8080, no token, 60 s calls and loads, 16 MiB bodies, the
     *         default {@link Limits} and {@link FileRetention}, results and unpacked bundles in hidden folders beside
     *         the bundles, a scan every 250 ms, the prediction log's defaults
     */
    public static HostOptions defaults(Path deployments) {
        return new HostOptions(deployments, "127.0.0.1", DEFAULT_PORT, Optional.empty(), DEFAULT_CALL_TIMEOUT,
                DEFAULT_LOAD_TIMEOUT, DEFAULT_MAX_BODY_BYTES, Limits.defaults(), deployments.resolve(".files"),
                FileRetention.defaults(), deployments.resolve(".work"), Duration.ofMillis(250),
                PredictionLog.Options.defaults());
    }

    /**
     * @return these options on another port
     */
    public HostOptions withPort(int newPort) {
        return new HostOptions(deployments, bind, newPort, token, callTimeout, loadTimeout, maxBodyBytes, limits,
                files, retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options with a bearer token
     */
    public HostOptions withToken(Optional<String> newToken) {
        return new HostOptions(deployments, bind, port, newToken, callTimeout, loadTimeout, maxBodyBytes, limits,
                files, retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options with another call timeout
     */
    public HostOptions withCallTimeout(Duration newTimeout) {
        return new HostOptions(deployments, bind, port, token, newTimeout, loadTimeout, maxBodyBytes, limits, files,
                retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options with another load timeout
     */
    public HostOptions withLoadTimeout(Duration newTimeout) {
        return new HostOptions(deployments, bind, port, token, callTimeout, newTimeout, maxBodyBytes, limits, files,
                retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options with another body limit
     */
    public HostOptions withMaxBodyBytes(long newLimit) {
        return new HostOptions(deployments, bind, port, token, callTimeout, loadTimeout, newLimit, limits, files,
                retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options with other connection limits
     */
    public HostOptions withLimits(Limits newLimits) {
        return new HostOptions(deployments, bind, port, token, callTimeout, loadTimeout, maxBodyBytes, newLimits,
                files, retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options keeping results for another time and size
     */
    public HostOptions withRetention(FileRetention newRetention) {
        return new HostOptions(deployments, bind, port, token, callTimeout, loadTimeout, maxBodyBytes, limits, files,
                newRetention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options listening on another address
     */
    public HostOptions withBind(String newBind) {
        return new HostOptions(deployments, newBind, port, token, callTimeout, loadTimeout, maxBodyBytes, limits,
                files, retention, work, scanInterval, predictionLog);
    }

    /**
     * @return these options keeping results and unpacked bundles in other folders
     */
    public HostOptions withFolders(Path newFiles, Path newWork) {
        return new HostOptions(deployments, bind, port, token, callTimeout, loadTimeout, maxBodyBytes, limits,
                newFiles, retention, newWork, scanInterval, predictionLog);
    }

    /**
     * @return these options scanning the deployment folder at another interval
     */
    public HostOptions withScanInterval(Duration newInterval) {
        return new HostOptions(deployments, bind, port, token, callTimeout, loadTimeout, maxBodyBytes, limits, files,
                retention, work, newInterval, predictionLog);
    }

    /**
     * @return these options with another prediction log queue or interval
     */
    public HostOptions withPredictionLog(PredictionLog.Options newLog) {
        return new HostOptions(deployments, bind, port, token, callTimeout, loadTimeout, maxBodyBytes, limits, files,
                retention, work, scanInterval, newLog);
    }
}
