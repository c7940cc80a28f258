package dev.mlops.core.registry;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.StoreAddress;
import dev.mlops.core.store.Progress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A separate uploader process for the race and crash tests: {@code UploadProcess STORE ENDPOINT MODEL FOLDER
 * WRITER}, where STORE is a folder or an {@code s3://} address and ENDPOINT the S3 server ({@code -} for none).
 */
public final class UploadProcess {

    public static void main(String[] args) throws Exception {
        StoreAddress address = StoreAddress.parse(args[0], Path.of("."));
        S3Options options = args[1].equals("-") ? S3Options.DEFAULTS : new S3Options(Optional.of(URI.create(args[1])),
                Optional.of("us-east-1"), Optional.empty(), Optional.of(new S3Options.Keys(
                        dev.mlops.core.store.S3Server.ACCESS_KEY, dev.mlops.core.store.S3Server.SECRET_KEY, "test")));
        ModelManager manager = new ModelManager(ArtifactStore.open(address, options), "mlops", Clock.systemUTC(),
                "process-" + args[4]);
        ArtifactVersion version = manager.upload(args[2], Environment.DEV, Path.of(args[3]),
                Map.of("writer", args[4]), Progress.NONE);
        System.out.println(version.id());
        System.exit(0);
    }
}
