package dev.mlops.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime 1.29's native start-up recurses once per character of the process's command line: a JVM started with
 * a long {@code -cp} died of a stack overflow (exit 139, no crash report) on its first model, as the host did when
 * started by hand or by a script with its class path spelt out. A JVM of its own, with a command line of some 20,000
 * characters, must open a model and answer.
 */
class OnnxLongCommandLineTest {

    /** Opens {@code args[0]} with the columns ACS, RDEP and DEN and prints its inputs. */
    public static void main(String[] args) throws Exception {
        try (OnnxModel model = OnnxModel.open(Path.of(args[0]), List.of("ACS", "RDEP", "DEN"),
                Map.of("variable", "AC"), 1)) {
            System.out.println("opened, inputs " + model.inputs().size());
        }
    }

    @Test
    void aModelOpensInAJvmWithALongCommandLine() throws Exception {
        String padding = (File.pathSeparator + "/no/such/folder/" + "x".repeat(80)).repeat(200);
        String classPath = System.getProperty("java.class.path") + padding;
        assertThat(classPath.length()).isGreaterThan(20_000);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, OnnxLongCommandLineTest.class.getName(),
                Path.of("src/test/resources/onnx/matmul_add.onnx").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("the JVM ended within 60 s").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("opened, inputs 1");
    }
}
