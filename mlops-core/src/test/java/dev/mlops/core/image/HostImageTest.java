package dev.mlops.core.image;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import dev.mlops.core.files.FolderTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostImageTest {

    @Test
    void librariesSnapshotsAndMlopsGoToLayersOfTheirOwnAndTheStateFolderIsTheHostsUsers(@TempDir Path temporary)
            throws Exception {
        Path library = Files.writeString(temporary.resolve("jackson-core-2.22.4.jar"), "a");
        Path snapshot = Files.writeString(temporary.resolve("helper-0.3-SNAPSHOT.jar"), "b");
        Path mlops = Files.writeString(temporary.resolve("mlops-core-0.1.0-SNAPSHOT.jar"), "c");

        List<FileEntriesLayer> layers = HostImage.layers(List.of(library, snapshot, mlops), temporary);

        assertThat(layers).extracting(FileEntriesLayer::getName)
                .containsExactly("dependencies", "snapshot dependencies", "mlops", "state");
        assertThat(layers.get(0).getEntries()).extracting(e -> e.getExtractionPath().toString())
                .containsExactly("/opt/mlops/lib/jackson-core-2.22.4.jar");
        assertThat(layers.get(2).getEntries()).extracting(e -> e.getExtractionPath().toString())
                .containsExactly("/opt/mlops/lib/mlops-core-0.1.0-SNAPSHOT.jar");
        FileEntry state = layers.get(3).getEntries().get(0);
        assertThat(state.getExtractionPath().toString()).isEqualTo(HostImage.STATE);
        assertThat(state.getOwnership()).isEqualTo("65532:65532");
        assertThat(layers.stream().flatMap(l -> l.getEntries().stream()))
                .allSatisfy(entry -> assertThat(entry.getModificationTime().getEpochSecond()).isEqualTo(1));
    }

    @Test
    void jarsOfTheSameNameAreKeptApart(@TempDir Path temporary) throws Exception {
        Path one = Files.writeString(Files.createDirectories(temporary.resolve("a")).resolve("utils-2.57.8.jar"), "1");
        Path two = Files.writeString(Files.createDirectories(temporary.resolve("b")).resolve("utils-2.57.8.jar"), "2");

        List<String> entrypoint = HostImage.entrypoint(List.of(one, two));

        assertThat(entrypoint).containsExactly("java", "-XX:+ExitOnOutOfMemoryError", "-cp",
                "/opt/mlops/lib/utils-2.57.8.jar:/opt/mlops/lib/2-utils-2.57.8.jar", HostImage.MAIN_CLASS);
        assertThat(HostImage.layers(List.of(one, two), temporary).get(0).getEntries())
                .extracting(e -> e.getExtractionPath().toString())
                .containsExactly("/opt/mlops/lib/utils-2.57.8.jar", "/opt/mlops/lib/2-utils-2.57.8.jar");
    }

    @Test
    void theTagIsTheVersionAndAFingerprintOfBaseAndJars(@TempDir Path temporary) throws Exception {
        Path jar = Files.writeString(temporary.resolve("mlops-core-1.0.jar"), "one");
        String tag = HostImage.tag(request("eclipse-temurin:17-jre", "1.0", List.of(jar), temporary));

        assertThat(tag).matches("1\\.0-[0-9a-f]{12}");
        assertThat(HostImage.tag(request("eclipse-temurin:17-jre", "1.0", List.of(jar), temporary))).isEqualTo(tag);
        assertThat(HostImage.tag(request("eclipse-temurin:21-jre", "1.0", List.of(jar), temporary))).isNotEqualTo(tag);
        Files.writeString(jar, "two");
        assertThat(HostImage.tag(request("eclipse-temurin:17-jre", "1.0", List.of(jar), temporary))).isNotEqualTo(tag);
        assertThat(HostImage.tag(request("b", "1.0+build/7", List.of(jar), temporary))).startsWith("1.0_build_7-");
    }

    @Test
    void aMissingJarIsNamed(@TempDir Path temporary) {
        assertThatThrownBy(() -> HostImage.tag(request("b", "1.0", List.of(temporary.resolve("gone.jar")),
                temporary)))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("cannot read the host's class path")
                .hasMessageContaining("gone.jar");
    }

    @Test
    void onnxRuntimeKeepsLinuxX64AloneTheSameWayInEveryTimeZone(@TempDir Path temporary) throws Exception {
        Path jar = temporary.resolve("onnxruntime-1.29.0.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("ai/onnxruntime/OrtEnvironment.class", "ai/onnxruntime/native/",
                    "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                    "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                    "ai/onnxruntime/native/win-x64/onnxruntime.dll", "ThirdPartyNotices.txt")) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(1_700_000_000_000L);
                out.putNextEntry(entry);
                out.write(name.getBytes());
                out.closeEntry();
            }
        }
        TimeZone zone = TimeZone.getDefault();
        String first;
        String second;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            first = FolderTree.sha256(OnnxRuntimeJar.forLinuxX64(jar, Files.createDirectory(temporary.resolve("a"))));
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            second = FolderTree.sha256(OnnxRuntimeJar.forLinuxX64(jar, Files.createDirectory(temporary.resolve("b"))));
        } finally {
            TimeZone.setDefault(zone);
        }
        Path copy = OnnxRuntimeJar.forLinuxX64(jar, temporary.resolve("a"));

        assertThat(second).isEqualTo(first);
        try (ZipFile zip = new ZipFile(copy.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("ai/onnxruntime/OrtEnvironment.class",
                    "ai/onnxruntime/native/", "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                    "ThirdPartyNotices.txt");
        }
        Path other = Files.writeString(temporary.resolve("onnx-helper-1.0.jar"), "x");
        assertThat(OnnxRuntimeJar.forLinuxX64(other, temporary)).isEqualTo(other);
    }

    private static HostImage.Request request(String base, String version, List<Path> classPath, Path temporary) {
        return new HostImage.Request(base, "registry.example.com/team", version, classPath, Optional.empty(),
                Optional.empty(), temporary.resolve("config.json"), false, temporary);
    }
}
