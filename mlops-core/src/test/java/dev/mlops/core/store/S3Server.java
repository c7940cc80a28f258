package dev.mlops.core.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the tests: S3Proxy, in process, on loopback, keeping objects in a folder. S3Proxy is an S3
 * API server used in production as a gateway in front of other storage; it checks AWS signatures (V2 and V4) and
 * honours conditional writes ({@code If-None-Match: *}) and multipart uploads, so the store is tested against the
 * S3 protocol itself, not a mock of our own.
 */
public final class S3Server implements AutoCloseable {

    /** The access key id the server knows. */
    public static final String ACCESS_KEY = "mlops-test-access";
    /** Its secret. */
    public static final String SECRET_KEY = "mlops-test-secret-0123456789";

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3Server(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * Starts a server keeping its objects under a folder, and creates the buckets.
     */
    public static S3Server start(Path folder, String... buckets) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem-nio2", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        for (int i = 0; i < 1000 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(10);
        }
        S3Server server = new S3Server(proxy);
        try (S3Client client = server.client()) {
            for (String bucket : buckets) {
                client.createBucket(b -> b.bucket(bucket));
            }
        }
        return server;
    }

    /**
     * @return the server's address
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * @return options that reach the server with its keys
     */
    public S3Options options() {
        return new S3Options(Optional.of(endpoint), Optional.of("us-east-1"), Optional.empty(),
                Optional.of(new S3Options.Keys(ACCESS_KEY, SECRET_KEY, "the test's keys")));
    }

    /**
     * @return a plain SDK client, for a test to reach past the store
     */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
