package dev.mlops.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingResourcesTest {

    private static final String MODEL = """
            model_name: model1
            human_friendly_model_name: 'My First Model'
            model_class: com.example.Model1
            artifact_folder: model_artifact
            test_file: null
            info:
              prediction:
                description: Predicts AC
                owner: data-science@example.com
            """;

    @TempDir
    Path folder;

    private Settings settings(String extra) throws Exception {
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, MODEL + extra);
        return SettingsFile.read(file);
    }

    private ServingResources read(String extra) throws Exception {
        return settings("platform: kubernetes\n" + extra).models().get(0).resources();
    }

    private List<String> problems(String extra) throws Exception {
        try {
            settings("platform: kubernetes\n" + extra);
        } catch (SettingsException e) {
            return e.problems().stream().map(SettingsProblem::toString).toList();
        }
        throw new AssertionError("expected the settings to be rejected");
    }

    @Test
    void withoutThemOneCopyRunsWithTheClustersDefaults() throws Exception {
        assertThat(read("")).isEqualTo(ServingResources.DEFAULT);
        assertThat(read("").isDefault()).isTrue();
    }

    @Test
    void replicasCpuAndMemoryAreRead() throws Exception {
        ServingResources resources = read("replicas: 3\ncpu: 500m\nmemory: 512Mi\n");
        assertThat(resources).isEqualTo(new ServingResources(3, Optional.of("500m"), Optional.of("512Mi"),
                Optional.empty()));
        assertThat(read("cpu: 2\nmemory: 1G\n").cpu()).contains("2");
        assertThat(read("cpu: 0.25\n").cpu()).contains("0.25");
        assertThat(read("memory: 1.5Gi\n").memory()).contains("1.5Gi");
    }

    @Test
    void autoscalingTakesItsBoundsAndTarget() throws Exception {
        ServingResources resources = read("cpu: 1\nautoscaling:\n  min: 2\n  max: 6\n  target_cpu: 70\n");
        assertThat(resources.autoscaling()).contains(new ServingResources.Autoscaling(2, 6, 70));
        assertThat(resources.replicas()).as("as many as autoscaling's minimum start").isEqualTo(2);
        ServingResources defaults = read("cpu: 1\nreplicas: 3\nautoscaling:\n  max: 5\n");
        assertThat(defaults.autoscaling()).contains(new ServingResources.Autoscaling(3, 5, 80));
        assertThat(defaults.replicas()).isEqualTo(3);
    }

    @Test
    void badValuesAreRefusedWithTheirFix() throws Exception {
        assertThat(problems("replicas: 0\n")).singleElement().asString()
                .contains("replicas must be a whole number of at least 1, found '0'");
        assertThat(problems("cpu: half\n")).singleElement().asString()
                .contains("cpu 'half' is not a Kubernetes quantity; write it such as 500m (half a core) or 2");
        assertThat(problems("cpu: 0m\n")).singleElement().asString().contains("cpu '0m' is too small");
        assertThat(problems("memory: 512MB\n")).singleElement().asString()
                .contains("memory '512MB' is not a Kubernetes quantity; write it such as 512Mi or 1Gi");
        assertThat(problems("memory: 64Mi\n")).singleElement().asString()
                .contains("memory '64Mi' is too small; the function host is a JVM and needs at least 128Mi");
        assertThat(problems("memory: [1Gi]\n")).singleElement().asString().contains("memory must be text");
    }

    @Test
    void autoscalingsMistakesAreNamed() throws Exception {
        assertThat(problems("autoscaling:\n  max: 4\n")).singleElement().asString()
                .contains("autoscaling scales on CPU use").contains("add cpu, such as cpu: 500m");
        assertThat(problems("cpu: 1\nautoscaling:\n  min: 2\n")).singleElement().asString()
                .contains("autoscaling.max is missing; add max: 4");
        assertThat(problems("cpu: 1\nautoscaling:\n  min: 5\n  max: 2\n")).singleElement().asString()
                .contains("autoscaling.max (2) is below autoscaling.min (5)");
        assertThat(problems("cpu: 1\nautoscaling:\n  max: 2\n  target_cpu: 150\n")).singleElement().asString()
                .contains("autoscaling.target_cpu must be a percentage from 1 to 100");
        assertThat(problems("cpu: 1\nreplicas: 9\nautoscaling:\n  min: 1\n  max: 4\n")).singleElement().asString()
                .contains("replicas (9) is outside autoscaling's bounds 1 to 4");
        assertThat(problems("cpu: 1\nautoscaling:\n  max: 4\n  target: 50\n")).singleElement().asString()
                .contains("unknown field 'target' in autoscaling; the fields here are min, max, target_cpu");
    }

    @Test
    void onTheLocalPlatformTheyAreNamedInAWarning() throws Exception {
        Settings settings = settings("replicas: 2\ncpu: 1\n");
        assertThat(settings.models().get(0).resources().replicas()).isEqualTo(2);
        assertThat(settings.warnings()).map(SettingsProblem::toString)
                .anySatisfy(w -> assertThat(w).contains("replicas, cpu take effect on platform kubernetes only"));
    }
}
