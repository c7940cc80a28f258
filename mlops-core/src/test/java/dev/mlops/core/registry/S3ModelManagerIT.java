package dev.mlops.core.registry;

import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.S3Server;
import dev.mlops.core.store.StoreAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Model Manager's contract on an S3 bucket of a real S3 server (S3Proxy, in process; see {@link S3Server}),
 * each test under a prefix of its own. An integration test: a server, uploader JVMs and 300 MB moved take about a
 * minute.
 */
@Tag("integration")
class S3ModelManagerIT extends ModelManagerContract {

    private static final String BUCKET = "mlops-contract";
    private static Path serverFolder;
    private static S3Server server;

    private String prefix;

    @BeforeAll
    static void startServer() throws Exception {
        serverFolder = Files.createTempDirectory("mlops-s3proxy");
        server = S3Server.start(serverFolder, BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        dev.mlops.core.files.Folders.delete(serverFolder);
    }

    @Override
    protected ArtifactStore newStore() throws Exception {
        prefix = "t-" + UUID.randomUUID();
        return ArtifactStore.open(StoreAddress.parse("s3://" + BUCKET + "/" + prefix, temp), server.options());
    }

    @AfterEach
    void closeStore() throws Exception {
        ((AutoCloseable) store).close();
    }

    @Override
    protected List<String> processArguments() {
        return List.of("s3://" + BUCKET + "/" + prefix, server.endpoint().toString());
    }

    @Override
    protected void tamper(String sha256, String content) {
        try (S3Client client = server.client()) {
            client.putObject(b -> b.bucket(BUCKET).key(prefix + "/blobs/" + sha256.substring(0, 2) + "/" + sha256),
                    RequestBody.fromString(content));
        }
    }
}
