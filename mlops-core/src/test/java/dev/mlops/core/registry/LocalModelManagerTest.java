package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Model Manager's contract on a local folder. */
class LocalModelManagerTest extends ModelManagerContract {

    private Path folder;

    @Override
    protected ArtifactStore newStore() {
        folder = temp.resolve("store");
        return new LocalArtifactStore(folder);
    }

    @Override
    protected List<String> processArguments() {
        return List.of(folder.toString(), "-");
    }

    @Override
    protected void tamper(String sha256, String content) throws Exception {
        Files.writeString(folder.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256), content);
    }

    @Test
    void aHardLinkToAFileOutsideTheFolderIsRefusedLikeASymbolicLink() throws Exception {
        Path artifact = Files.createDirectories(temp.resolve("linked"));
        Files.writeString(artifact.resolve("own.txt"), "mine");
        Path outside = Files.writeString(temp.resolve("secret"), "not yours");
        Files.createLink(artifact.resolve("weights.bin"), outside);

        assertThatThrownBy(() -> manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("'weights.bin' in " + artifact + " is a hard link shared with a file outside the folder;"
                        + " copy the file in or remove the link");
    }

    @Test
    void hardLinksWithinTheFolderAreFine() throws Exception {
        Path artifact = Files.createDirectories(temp.resolve("twice"));
        Files.writeString(artifact.resolve("a.bin"), "same");
        Files.createLink(artifact.resolve("b.bin"), artifact.resolve("a.bin"));

        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
    }
}
