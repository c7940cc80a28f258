package dev.mlops.bench;

import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.DevelopmentBundles;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Prepares the host benchmark in a folder: {@code deployments/} with the linear model's bundle and more bundles of
 * the same model (for the memory figure), {@code coefficients.txt}, and {@code request.json}, a 100-row request.
 *
 * <p>Usage: {@code HostBenchSetup FOLDER BUNDLES}
 */
public final class HostBenchSetup {

    static final String COEFFICIENTS = "60.0 0.25 -1.5 -4.0";

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int bundles = Integer.parseInt(args[1]);
        Files.createDirectories(folder.resolve("model_artifact"));
        Files.writeString(folder.resolve("model_artifact/coefficients.txt"), COEFFICIENTS);
        Path jar = modelJar(folder.resolve("linear-model.jar"));
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < bundles; i++) {
            yaml.append("""
                    model_name: %s
                    human_friendly_model_name: 'Linear %d'
                    model_class: dev.mlops.bench.model.LinearModel
                    artifact_folder: model_artifact
                    test_file: null
                    info:
                      prediction:
                        description: 'AC from ACS, RDEP and DEN'
                        owner: bench@example.com
                        metadata:
                          required_input: [ACS, RDEP, DEN]
                    ---
                    """.formatted(i == 0 ? "linear" : "linear" + i, i));
        }
        Files.writeString(folder.resolve("mlops_settings.yaml"), yaml);
        Settings settings = SettingsFile.read(folder.resolve("mlops_settings.yaml"));
        DevelopmentBundles.write(settings, List.of(jar), folder.resolve("deployments"), Optional.empty(),
                Instant.now(), "bench");
        Files.writeString(folder.resolve("request.json"), request(100));
        try (Stream<Path> list = Files.list(folder.resolve("deployments"))) {
            System.out.println("prepared " + list.filter(p -> p.toString().endsWith(BundleWriter.EXTENSION)).count()
                    + " bundles in " + folder.resolve("deployments"));
        }
    }

    /** Only the model's classes, as a model repository's jar would hold. */
    private static Path modelJar(Path jar) throws IOException {
        Path classes;
        try {
            classes = Path.of(HostBenchSetup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path model = classes.resolve("dev/mlops/bench/model");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(model)) {
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    static String request(int rows) {
        Random random = new Random(7);
        StringBuilder acs = new StringBuilder();
        StringBuilder rdep = new StringBuilder();
        StringBuilder den = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String separator = i == 0 ? "" : ", ";
            acs.append(separator).append(String.format(Locale.ROOT, "%.4f", 50 + random.nextDouble() * 100));
            rdep.append(separator).append(String.format(Locale.ROOT, "%.4f", 0.2 + random.nextDouble() * 20));
            den.append(separator).append(String.format(Locale.ROOT, "%.4f", 1.9 + random.nextDouble() * 0.8));
        }
        return "{\"data\": {\"ACS\": [" + acs + "], \"RDEP\": [" + rdep + "], \"DEN\": [" + den + "]}}";
    }
}
