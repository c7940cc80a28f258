package dev.mlops.bench;

import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.DevelopmentBundles;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
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
 * the same model (for the memory figure), {@code coefficients.txt}, {@code request.json}, a 100-row request, and
 * {@code request.bin} with {@code request.bin.header}: the same rows as an Open Inference request of binary FP64
 * tensors asking for a binary answer, and the length of its JSON header. {@code linear_logged} is the same model
 * logging every call to {@code store/}.
 *
 * <p>Given an ONNX graph of the same regression and its coefficients file (the archetype's {@code model.onnx} and
 * {@code coefficients.txt}), the Java model takes those coefficients and one more bundle, {@code linear_onnx}, serves
 * the graph with the Java model's columns: both answer the same request with the same numbers.
 *
 * <p>Usage: {@code HostBenchSetup FOLDER BUNDLES [ONNX_FILE COEFFICIENTS_FILE]}
 */
public final class HostBenchSetup {

    static final String COEFFICIENTS = "60.0 0.25 -1.5 -4.0";

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int bundles = Integer.parseInt(args[1]);
        Optional<Path> onnx = args.length > 2 ? Optional.of(Path.of(args[2])) : Optional.empty();
        Files.createDirectories(folder.resolve("model_artifact"));
        Files.writeString(folder.resolve("model_artifact/coefficients.txt"),
                onnx.isPresent() ? Files.readString(Path.of(args[3])).trim() : COEFFICIENTS);
        Path jar = modelJar(folder.resolve("linear-model.jar"));
        StringBuilder yaml = new StringBuilder();
        if (onnx.isPresent()) {
            Files.createDirectories(folder.resolve("onnx_artifact"));
            Files.copy(onnx.get(), folder.resolve("onnx_artifact/model.onnx"));
            yaml.append("""
                    model_name: linear_onnx
                    human_friendly_model_name: 'Linear, ONNX'
                    model_format: onnx
                    onnx_file: model.onnx
                    input_columns: [ACS, RDEP, DEN]
                    output_names:
                      variable: AC
                    artifact_folder: onnx_artifact
                    test_file: null
                    info:
                      prediction:
                        description: 'AC from ACS, RDEP and DEN, as an ONNX graph'
                        owner: bench@example.com
                    ---
                    """);
        }
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
        // One more bundle of the same model that logs every call to a store in the folder: the log's cost.
        Settings logged = SettingsFile.read(Files.writeString(folder.resolve("logged_settings.yaml"), """
                model_name: linear_logged
                human_friendly_model_name: 'Linear, every call logged'
                model_class: dev.mlops.bench.model.LinearModel
                artifact_folder: model_artifact
                test_file: null
                monitoring:
                  sample_rate: 1
                info:
                  prediction:
                    description: 'AC from ACS, RDEP and DEN'
                    owner: bench@example.com
                    metadata:
                      required_input: [ACS, RDEP, DEN]
                """));
        ExternalId loggedId = new ExternalId("linear_logged", Service.PREDICTION, Environment.DEV, 1);
        BundleWriter.write(new BundleSource(logged.models().get(0), loggedId, List.of(jar),
                logged.models().get(0).artifactFolder(), "", Instant.now(), "bench",
                Optional.of(new BundleSource.LogStore(folder.resolve("store").toAbsolutePath().toString(), "mlops"))),
                folder.resolve("deployments").resolve(loggedId + BundleWriter.EXTENSION));
        Files.writeString(folder.resolve("request.json"), request(100));
        byte[] head = binaryHeader(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(head.length + 3 * 100 * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).put(head);
        for (double[] column : columns(100)) {
            for (double value : column) {
                body.putDouble(value);
            }
        }
        Files.write(folder.resolve("request.bin"), body.array());
        Files.writeString(folder.resolve("request.bin.header"), Integer.toString(head.length));
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
        double[][] columns = columns(rows);
        StringBuilder acs = new StringBuilder();
        StringBuilder rdep = new StringBuilder();
        StringBuilder den = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String separator = i == 0 ? "" : ", ";
            acs.append(separator).append(String.format(Locale.ROOT, "%.4f", columns[0][i]));
            rdep.append(separator).append(String.format(Locale.ROOT, "%.4f", columns[1][i]));
            den.append(separator).append(String.format(Locale.ROOT, "%.4f", columns[2][i]));
        }
        return "{\"data\": {\"ACS\": [" + acs + "], \"RDEP\": [" + rdep + "], \"DEN\": [" + den + "]}}";
    }

    /** @return ACS, RDEP and DEN of the request, each value as its four decimals give it */
    static double[][] columns(int rows) {
        Random random = new Random(7);
        double[][] columns = new double[3][rows];
        for (int i = 0; i < rows; i++) {
            columns[0][i] = fourDecimals(50 + random.nextDouble() * 100);
            columns[1][i] = fourDecimals(0.2 + random.nextDouble() * 20);
            columns[2][i] = fourDecimals(1.9 + random.nextDouble() * 0.8);
        }
        return columns;
    }

    private static double fourDecimals(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", value));
    }

    /** The JSON header of the binary request: three FP64 tensors of {@code rows} values, a binary answer. */
    static String binaryHeader(int rows) {
        StringBuilder inputs = new StringBuilder();
        for (String name : new String[] {"ACS", "RDEP", "DEN"}) {
            inputs.append(inputs.length() == 0 ? "" : ", ").append("{\"name\": \"").append(name)
                    .append("\", \"shape\": [").append(rows).append("], \"datatype\": \"FP64\", \"parameters\":"
                            + " {\"binary_data_size\": ").append(rows * 8).append("}}");
        }
        return "{\"inputs\": [" + inputs + "], \"parameters\": {\"binary_data_output\": true}}";
    }
}
