package dev.mlops.core.registry;

import dev.mlops.core.settings.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A separate uploader process for the race and crash tests: {@code UploadProcess STORE MODEL FOLDER WRITER}. */
public final class UploadProcess {

    public static void main(String[] args) throws Exception {
        ModelManager manager = new ModelManager(new LocalArtifactStore(Path.of(args[0])), "mlops",
                Clock.systemUTC(), "process-" + args[3]);
        ArtifactVersion version = manager.upload(args[1], Environment.DEV, Path.of(args[2]),
                Map.of("writer", args[3]), Progress.NONE);
        System.out.println(version.id());
    }
}
