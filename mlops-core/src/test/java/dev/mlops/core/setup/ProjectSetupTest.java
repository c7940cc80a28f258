package dev.mlops.core.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSetupTest {

    private static final String TEMPLATE = "env:\n  MLOPS_VERSION: \"@project.version@\"\njobs: {}\n";

    @TempDir
    Path folder;

    @Test
    void theWorkflowIsWrittenThenOnlyItsPinnedVersionIsUpdated() throws Exception {
        Path workflow = folder.resolve(".github/workflows/main.yml");

        assertThat(ProjectSetup.workflow(workflow, TEMPLATE, "1.0").change()).isEqualTo(ProjectSetup.Change.WRITTEN);
        assertThat(workflow).hasContent("env:\n  MLOPS_VERSION: \"1.0\"\njobs: {}");

        Files.writeString(workflow, "# mine\nenv:\n  MLOPS_VERSION: '1.0' # pinned\njobs: {mine: {}}\n");
        ProjectSetup.Outcome updated = ProjectSetup.workflow(workflow, TEMPLATE, "1.1");
        assertThat(updated.change()).isEqualTo(ProjectSetup.Change.UPDATED);
        assertThat(updated.message()).contains("from 1.0 to 1.1");
        assertThat(Files.readString(workflow)).isEqualTo("# mine\nenv:\n  MLOPS_VERSION: '1.1' # pinned\njobs: {mine: {}}\n");
        assertThat(ProjectSetup.workflow(workflow, TEMPLATE, "1.1").change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
    }

    @Test
    void aWorkflowPinningNoVersionIsLeftAlone() throws Exception {
        Path workflow = Files.writeString(folder.resolve("main.yml"), "jobs: {}\n");

        ProjectSetup.Outcome outcome = ProjectSetup.workflow(workflow, TEMPLATE, "1.0");

        assertThat(outcome.change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
        assertThat(outcome.message()).endsWith("pins no mlops version (no MLOPS_VERSION: line); left as it is");
        assertThat(workflow).hasContent("jobs: {}");
    }

    @Test
    void settingsAreNeverOverwrittenAndTheSchemaFollowsTheVersion() throws Exception {
        Path settings = Files.writeString(folder.resolve("mlops_settings.yaml"), "model_name: mine\n");
        assertThat(ProjectSetup.settings(settings, "model_name: template\n").change())
                .isEqualTo(ProjectSetup.Change.UNCHANGED);
        assertThat(settings).hasContent("model_name: mine");

        Path schema = folder.resolve(".mlops/schema.json");
        assertThat(ProjectSetup.schema(schema, "{}").change()).isEqualTo(ProjectSetup.Change.WRITTEN);
        assertThat(ProjectSetup.schema(schema, "{}").change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
        assertThat(ProjectSetup.schema(schema, "{\"v\": 2}").change()).isEqualTo(ProjectSetup.Change.UPDATED);
    }

    @Test
    void modelNamesAreMadeFromArtifactIds() {
        assertThat(ProjectSetup.modelName("my-model")).isEqualTo("my_model");
        assertThat(ProjectSetup.modelName("Sonic.Model-2")).isEqualTo("Sonic_Model_2");
        assertThat(ProjectSetup.modelName("2fast")).isEqualTo("m_2fast");
    }
}
