package dev.mlops.core.bundle;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.files.FolderTree;
import dev.mlops.core.json.Json;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.OnnxSettings;
import dev.mlops.core.settings.ServiceInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle: one zip file holding {@value BundleDescriptor#FILE_NAME}, the class path under {@code lib/} and
 * the artifact under {@code artifact/}. Entries are in a fixed order with a fixed time, so the same
 * {@link BundleSource} gives the same bytes. The file appears under its final name only when complete.
 */
public final class BundleWriter {

    /** File name ending of bundles in a deployment directory. */
    public static final String EXTENSION = ".bundle";

    /** Every entry gets this time: the bundle's time is the descriptor's {@code created_time}, not the files'. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private BundleWriter() {
    }

    /**
     * @param source what the bundle is made of
     * @param target the bundle file to write; replaced atomically if it exists
     * @return the descriptor written into the bundle
     * @throws BundleException when a class-path element or the artifact folder is missing or unreadable
     */
    public static BundleDescriptor write(BundleSource source, Path target) throws BundleException {
        ServiceInfo info = serviceInfo(source);
        Optional<FolderTree> artifact = artifact(source);
        ModelSettings settings = source.settings();
        Optional<OnnxSettings> onnx = settings.onnx();
        if (onnx.isPresent()) {
            onnxFile(artifact, onnx.get(), source);
        }
        // An ONNX model's bundle holds the graph only: the host brings ONNX Runtime, and there is no model code.
        List<Path> classPath = onnx.isPresent() ? List.of() : source.classPath();
        List<String> libNames = new ArrayList<>();
        for (int i = 0; i < classPath.size(); i++) {
            Path element = classPath.get(i);
            if (!Files.exists(element)) {
                throw new BundleException("class-path element " + element + " does not exist; build the project"
                        + " before bundling it", BundleException.Fix.BUILD_FIRST);
            }
            String name = element.getFileName().toString();
            libNames.add(String.format("lib/%03d-%s", i, Files.isDirectory(element) ? name + ".jar" : name));
        }
        ExternalId id = source.id();
        BundleDescriptor descriptor = new BundleDescriptor(id.toString(), source.settings().humanFriendlyModelName(),
                info.description(), info.owner(), info.metadata(), id.model(), id.service().id(),
                id.environment().id(), id.version(), id.modelId(), settings.modelClass(), settings.modelFormat().id(),
                onnx.map(OnnxSettings::file).orElse(""), onnx.map(OnnxSettings::inputColumns).orElse(List.of()),
                onnx.map(OnnxSettings::outputNames).orElse(Map.of()), onnx.map(OnnxSettings::threads).orElse(0),
                source.settings().javaVersion(), source.mlopsVersion(),
                artifact.map(FolderTree::sha256).orElse(""), source.gitCommit(),
                DateTimeFormatter.ISO_INSTANT.format(source.createdTime().truncatedTo(ChronoUnit.MILLIS)),
                settings.secrets(), requiredInput(info, onnx), libNames, Libraries.of(classPath), monitoring(source));
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".", ".partial");
            try {
                try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                    zip.setLevel(Deflater.BEST_SPEED);
                    put(zip, BundleDescriptor.FILE_NAME, Json.FILES.writeValueAsBytes(descriptor));
                    for (int i = 0; i < libNames.size(); i++) {
                        Path element = classPath.get(i);
                        put(zip, libNames.get(i), Files.isDirectory(element) ? jarOf(element) : Files.readAllBytes(element));
                    }
                    if (artifact.isPresent()) {
                        for (FolderTree.Entry file : artifact.get().files()) {
                            zip.putNextEntry(entry("artifact/" + file.path()));
                            Files.copy(artifact.get().root().resolve(file.path()), zip);
                            zip.closeEntry();
                        }
                    }
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new BundleException("cannot write bundle " + target + ": " + e.getMessage(), e);
        }
        return descriptor;
    }

    /** A prediction service with a sample rate and a store to log to logs; nothing else does. */
    private static BundleDescriptor.Monitoring monitoring(BundleSource source) {
        double rate = source.settings().monitoring().sampleRate();
        if (rate <= 0 || source.id().service() != Service.PREDICTION || source.logStore().isEmpty()) {
            return null;
        }
        return new BundleDescriptor.Monitoring(rate, source.logStore().get().store(),
                source.logStore().get().dataset());
    }

    /** An ONNX model's columns are required input; a graph taking its inputs by name adds them when loaded. */
    private static List<String> requiredInput(ServiceInfo info, Optional<OnnxSettings> onnx) {
        List<String> required = new ArrayList<>(info.requiredInput());
        onnx.ifPresent(settings -> settings.inputColumns().stream().filter(column -> !required.contains(column))
                .forEach(required::add));
        return List.copyOf(required);
    }

    private static void onnxFile(Optional<FolderTree> artifact, OnnxSettings onnx, BundleSource source)
            throws BundleException {
        boolean present = artifact.isPresent() && artifact.get().files().stream()
                .anyMatch(file -> file.path().equals(onnx.file().replace('\\', '/')));
        if (!present) {
            throw new BundleException("the artifact folder " + source.artifactFolder().map(Path::toString).orElse("")
                    + " has no " + onnx.file() + "; export the ONNX model there (or name its file with onnx_file)",
                    BundleException.Fix.TRAIN_FIRST);
        }
    }

    private static ServiceInfo serviceInfo(BundleSource source) throws BundleException {
        Optional<ServiceInfo> info = source.id().service() == Service.PREDICTION
                ? source.settings().prediction() : source.settings().training();
        return info.orElseThrow(() -> new BundleException("model '" + source.settings().modelName() + "' has no"
                + " info." + source.id().service().id() + " in its settings, so it has no " + source.id().service()
                + " service; add info." + source.id().service().id() + " with description and owner"));
    }

    private static Optional<FolderTree> artifact(BundleSource source) throws BundleException {
        if (source.artifactFolder().isEmpty()) {
            return Optional.empty();
        }
        Path folder = source.artifactFolder().get();
        if (!Files.isDirectory(folder)) {
            throw new BundleException("artifact folder " + folder + " does not exist; create it (for example by"
                    + " training) or set artifact_folder: null if the model needs none", BundleException.Fix.TRAIN_FIRST);
        }
        try {
            return Optional.of(FolderTree.of(folder));
        } catch (IOException e) {
            throw new BundleException("cannot read artifact folder " + folder + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BundleException(e.getMessage(), e);
        }
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(entry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** A classes folder as a jar, entries sorted and timeless like the bundle's. */
    private static byte[] jarOf(Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                jar.putNextEntry(entry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
