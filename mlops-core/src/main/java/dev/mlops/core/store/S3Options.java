package dev.mlops.core.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach an S3-compatible store.
 *
 * @param endpoint  the server, for anything but AWS S3 itself (MinIO, Ceph RGW, R2, S3Proxy …); empty for AWS
 * @param region    the signing region; empty for the AWS SDK's region chain, else {@code us-east-1}
 * @param pathStyle whether the bucket goes in the path rather than the host name; empty for: true when an endpoint
 *                  is given, false for AWS
 * @param keys      an access key pair given by the caller; empty for the AWS SDK's default credentials chain
 *                  (environment, profile, web identity, container or instance role)
 * @param cache     a folder on this machine for copies of version records, which never change once written, so
 *                  that an overview reads only the records it has not seen before; empty for none
 */
public record S3Options(Optional<URI> endpoint, Optional<String> region, Optional<Boolean> pathStyle,
                        Optional<Keys> keys, Optional<Path> cache) {

    /** AWS S3 with the SDK's own region and credentials chains. */
    public static final S3Options DEFAULTS = new S3Options(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /**
     * How a process without Maven (a function host) reaches a store: the endpoint from {@code MLOPS_S3_ENDPOINT},
     * else the AWS SDK's {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}; the region from
     * {@code MLOPS_S3_REGION}, else the SDK's chain; path style from {@code MLOPS_S3_PATH_STYLE}; credentials from
     * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} when both are set (and no session token), else the
     * SDK's default chain.
     *
     * @param environment the process's environment variables, by name
     * @throws IllegalArgumentException when the endpoint is not an http(s) URL
     */
    public static S3Options fromEnvironment(java.util.function.UnaryOperator<String> environment) {
        String endpoint = first(environment, "MLOPS_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        Optional<URI> uri = Optional.empty();
        if (endpoint != null) {
            URI parsed;
            try {
                parsed = new URI(endpoint);
            } catch (java.net.URISyntaxException e) {
                parsed = null;
            }
            if (parsed == null || parsed.getHost() == null
                    || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
                throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' is not an http:// or https:// URL");
            }
            uri = Optional.of(parsed);
        }
        String pathStyle = first(environment, "MLOPS_S3_PATH_STYLE");
        // The SDK's chain would read the same two variables from the process; taken from the environment given,
        // a host started with another environment (a stand-in pod in a test) sees what a pod would.
        String accessKey = first(environment, "AWS_ACCESS_KEY_ID");
        String secretKey = first(environment, "AWS_SECRET_ACCESS_KEY");
        Optional<Keys> keys = Optional.empty();
        if (accessKey != null && secretKey != null && first(environment, "AWS_SESSION_TOKEN") == null) {
            keys = Optional.of(new Keys(accessKey, secretKey, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
        }
        return new S3Options(uri, Optional.ofNullable(first(environment, "MLOPS_S3_REGION")),
                Optional.ofNullable(pathStyle).map(Boolean::parseBoolean), keys);
    }

    private static String first(java.util.function.UnaryOperator<String> environment, String... names) {
        for (String name : names) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /**
     * Options without a record cache.
     */
    public S3Options(Optional<URI> endpoint, Optional<String> region, Optional<Boolean> pathStyle,
                     Optional<Keys> keys) {
        this(endpoint, region, pathStyle, keys, Optional.empty());
    }

    /**
     * @return these options with a record cache in a folder
     */
    public S3Options withCache(Path folder) {
        return new S3Options(endpoint, region, pathStyle, keys, Optional.of(folder));
    }

    /**
     * An access key pair and where it came from. Its {@code toString} never shows the secret.
     *
     * @param accessKeyId the access key id
     * @param secretKey   the secret access key
     * @param source      where the pair came from, for the log ("the settings.xml server mlops-store")
     */
    public record Keys(String accessKeyId, String secretKey, String source) {
        @Override
        public String toString() {
            return "access key from " + source;
        }
    }
}
