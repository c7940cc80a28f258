package dev.mlops.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 store against a real S3 server (S3Proxy, see {@link S3Server}): what a user is told for each thing that
 * can be wrong with the store's configuration, and the conditional write's edge cases.
 */
class S3ArtifactStoreTest {

    private static Path serverFolder;
    private static S3Server server;

    @TempDir
    Path temp;

    @BeforeAll
    static void startServer() throws Exception {
        serverFolder = Files.createTempDirectory("mlops-s3proxy");
        server = S3Server.start(serverFolder, "team-models");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        dev.mlops.core.files.Folders.delete(serverFolder);
    }

    private static S3Options keys(String id, String secret) {
        return new S3Options(Optional.of(server.endpoint()), Optional.of("us-east-1"), Optional.empty(),
                Optional.of(new S3Options.Keys(id, secret, "the settings.xml server mlops-store")));
    }

    private StoreAddress address(String address) throws StoreException {
        return StoreAddress.parse(address, temp);
    }

    @Test
    void aWrongSecretKeyIsToldInOneSentence() {
        assertThatThrownBy(() -> S3ArtifactStore.connect(address("s3://team-models/wells"),
                keys(S3Server.ACCESS_KEY, "not-the-secret")))
                .isInstanceOf(StoreException.class)
                .hasMessage("the S3 store s3://team-models/wells/ at " + server.endpoint() + " rejected the request's"
                        + " signature: the secret key from the settings.xml server mlops-store does not belong to"
                        + " its access key id; check the secret key");
    }

    @Test
    void anUnknownAccessKeyIsToldInOneSentence() {
        assertThatThrownBy(() -> S3ArtifactStore.connect(address("s3://team-models"), keys("nobody", "x")))
                .isInstanceOf(StoreException.class)
                .hasMessage("the S3 store s3://team-models/ at " + server.endpoint() + " does not know the access key"
                        + " id from the settings.xml server mlops-store; check the access key id");
    }

    @Test
    void aMissingBucketIsToldInOneSentence() {
        assertThatThrownBy(() -> S3ArtifactStore.connect(address("s3://no-such-bucket/x"), server.options()))
                .isInstanceOf(StoreException.class)
                .hasMessage("bucket no-such-bucket does not exist at " + server.endpoint() + "; create it, or check"
                        + " the bucket name in the store address");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsToldInOneSentence() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port);
        S3Options options = new S3Options(Optional.of(nowhere), Optional.of("us-east-1"), Optional.empty(),
                server.options().keys());
        assertThatThrownBy(() -> S3ArtifactStore.connect(address("s3://team-models"), options))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach the S3 endpoint " + nowhere + " for bucket team-models"
                        + " (HttpHostConnectException: Connect to 127.0.0.1:" + port)
                .hasMessageEndingWith("); check the endpoint's address and that the server is running");
    }

    @Test
    void aBucketWithoutPermissionIsToldInOneSentence() throws Exception {
        // S3Proxy has one identity with every right, so the server's answer is made here as S3 sends it.
        try (S3ArtifactStore store = S3ArtifactStore.connect(address("s3://team-models/p"), server.options())) {
            S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied")
                            .build()).build();
            assertThat(store.failure("write", "p/records/x", denied)).hasMessage("the credentials from the test's"
                    + " keys may not write p/records/x in bucket team-models at " + server.endpoint()
                    + " (AccessDenied); grant them s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject,"
                    + " s3:AbortMultipartUpload and s3:ListBucketMultipartUploads on it");
        }
    }

    @Test
    void theCredentialsSourceIsToldAndTheKeyNever() throws Exception {
        try (S3ArtifactStore store = S3ArtifactStore.connect(address("s3://team-models/p"), server.options())) {
            assertThat(store.credentialSource()).isEqualTo("the test's keys");
            assertThat(server.options().keys().orElseThrow().toString()).doesNotContain(S3Server.SECRET_KEY)
                    .doesNotContain(S3Server.ACCESS_KEY);
        }
    }

    @Test
    void aConditionalCreateWinsOnceAndARetryOfTheWinnerStillWins() throws Exception {
        try (S3ArtifactStore store = S3ArtifactStore.connect(address("s3://team-models/c"), server.options())) {
            assertThat(store.createIfAbsent("a/1.json", "one".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(store.createIfAbsent("a/1.json", "two".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(store.read("a/1.json")).map(String::new).contains("one");
            assertThat(store.list("a/")).containsExactly("1.json");
        }
    }

    @Test
    void addressesAreCheckedWithWhatAGoodOneLooksLike() throws Exception {
        assertThat(address("s3://team-models/a/b/").prefix()).isEqualTo("a/b/");
        assertThat(address("s3://team-models").prefix()).isEmpty();
        assertThat(address("store").folder()).contains(temp.resolve("store"));
        assertThatThrownBy(() -> address("s3://Team_Models/x")).hasMessage("'Team_Models' in store address"
                + " s3://Team_Models/x is not an S3 bucket name: 3 to 63 lower-case letters, digits, '.' and '-',"
                + " starting and ending with a letter or digit");
        assertThatThrownBy(() -> address("s3://team-models/a//b")).hasMessage("the prefix 'a//b' in store address"
                + " s3://team-models/a//b may hold only letters, digits and !_.*'()- between single slashes");
        assertThatThrownBy(() -> address("s3://team-models/../x")).hasMessage("the prefix '../x' in store address"
                + " s3://team-models/../x may hold only letters, digits and !_.*'()- between single slashes");
        assertThatThrownBy(() -> address("gs://bucket")).hasMessage("store address gs://bucket is neither"
                + " s3://<bucket>[/<prefix>] nor a folder; other schemes are not supported");
        assertThatThrownBy(() -> address(" ")).hasMessage("the store address is empty; give"
                + " s3://<bucket>[/<prefix>] or a folder");
    }
}
