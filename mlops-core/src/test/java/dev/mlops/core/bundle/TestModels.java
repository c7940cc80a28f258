package dev.mlops.core.bundle;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.PredictionModel;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.SettingsFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;

/** Compiles model sources into jars and bundles them, as a model repository's build would. */
public final class TestModels {

    public static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");

    private final Path folder;

    public TestModels(Path folder) {
        this.folder = folder;
    }

    /**
     * @param name    the jar's name, without {@code .jar}
     * @param sources class name to source
     * @param extra   jars to compile against
     * @return the jar
     */
    public Path jar(String name, Map<String, String> sources, Path... extra) throws IOException {
        Path src = Files.createDirectories(folder.resolve(name + "-src"));
        Path classes = Files.createDirectories(folder.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-cp",
                String.join(java.io.File.pathSeparator, classPath(extra))));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
                .as("compiling " + sources.keySet()).isZero();
        Path jar = folder.resolve(name + ".jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
             Stream<Path> walk = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> classPath(Path... extra) {
        List<String> path = new ArrayList<>();
        try {
            path.add(Path.of(PredictionModel.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Path jar : extra) {
            path.add(jar.toString());
        }
        return path;
    }

    /**
     * @param settingsYaml one model's settings (paths relative to this fixture's folder)
     * @return the settings, read as {@code mlops:validate} reads them
     */
    public ModelSettings settings(String settingsYaml) throws Exception {
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, settingsYaml);
        return SettingsFile.read(file).models().get(0);
    }

    /** Settings for {@code modelClass} with prediction and training info and the given extra lines. */
    public ModelSettings settings(String modelName, String modelClass, String artifactFolder, String extra)
            throws Exception {
        return settings("""
                model_name: %s
                human_friendly_model_name: 'Model %s'
                model_class: %s
                artifact_folder: %s
                test_file: null
                %s
                info:
                  prediction:
                    description: 'Predicts for %s'
                    owner: team@example.com
                    metadata:
                      stage: test
                  training:
                    description: 'Trains %s'
                    owner: team@example.com
                """.formatted(modelName, modelName, modelClass, artifactFolder, extra, modelName, modelName));
    }

    /** Writes {@code <externalId>.bundle} into {@code deployments}. */
    public BundleDescriptor bundle(ModelSettings settings, Service service, int version, List<Path> classPath,
                                   Path deployments) throws BundleException {
        return bundle(settings, service, version, classPath, deployments, Optional.empty());
    }

    /** Writes {@code <externalId>.bundle} into {@code deployments}, logging its calls to a store. */
    public BundleDescriptor bundle(ModelSettings settings, Service service, int version, List<Path> classPath,
                                   Path deployments, Optional<BundleSource.LogStore> logStore)
            throws BundleException {
        ExternalId id = new ExternalId(settings.modelName(), service, Environment.TEST, version);
        return BundleWriter.write(new BundleSource(settings, id, classPath, settings.artifactFolder(), "abc123",
                CREATED, "0.1.0-test", logStore), deployments.resolve(id + BundleWriter.EXTENSION));
    }

    /** A folder holding the given files. */
    public Path folder(String name, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(folder.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return dir;
    }
}
