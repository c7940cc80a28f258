package dev.mlops.core.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.mlops.core.setup.ProjectSetup.WorkflowMode.LOCAL;

class ProjectSetupTest {

    private static final String TEMPLATE = "env:\n  MLOPS_VERSION: \"@project.version@\"\njobs: {}\n";

    @TempDir
    Path folder;

    @Test
    void theWorkflowIsWrittenThenOnlyItsPinnedVersionIsUpdated() throws Exception {
        Path workflow = folder.resolve(".github/workflows/main.yml");

        assertThat(ProjectSetup.workflow(workflow, TEMPLATE, "1.0", LOCAL).change()).isEqualTo(ProjectSetup.Change.WRITTEN);
        assertThat(workflow).hasContent("env:\n  MLOPS_VERSION: \"1.0\"\njobs: {}");

        Files.writeString(workflow, "# mine\nenv:\n  MLOPS_VERSION: '1.0' # pinned\njobs: {mine: {}}\n");
        ProjectSetup.Outcome updated = ProjectSetup.workflow(workflow, TEMPLATE, "1.1", LOCAL);
        assertThat(updated.change()).isEqualTo(ProjectSetup.Change.UPDATED);
        assertThat(updated.message()).contains("from 1.0 to 1.1");
        assertThat(Files.readString(workflow)).isEqualTo("# mine\nenv:\n  MLOPS_VERSION: '1.1' # pinned\njobs: {mine: {}}\n");
        assertThat(ProjectSetup.workflow(workflow, TEMPLATE, "1.1", LOCAL).change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
    }

    @Test
    void aWorkflowPinningNoVersionIsLeftAlone() throws Exception {
        Path workflow = Files.writeString(folder.resolve("main.yml"), "jobs: {}\n");

        ProjectSetup.Outcome outcome = ProjectSetup.workflow(workflow, TEMPLATE, "1.0", LOCAL);

        assertThat(outcome.change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
        assertThat(outcome.message()).endsWith("exists; left as it is (the goals it runs take the mlops version from"
                + " the POM)");
        assertThat(workflow).hasContent("jobs: {}");
    }

    @Test
    void eachModeKeepsItsOwnBlocksWithoutTheirMarkers() throws Exception {
        String template = "a\n#<local>\nrunner: self-hosted\n#</local>\n#<team>\nrunner: ubuntu-latest\n#</team>\nb\n";

        assertThat(ProjectSetup.render(template, LOCAL)).isEqualTo("a\nrunner: self-hosted\nb\n");
        assertThat(ProjectSetup.render(template, ProjectSetup.WorkflowMode.TEAM)).isEqualTo("a\nrunner: ubuntu-latest\nb\n");
        Path workflow = folder.resolve("team.yml");
        assertThat(ProjectSetup.workflow(workflow, template, "1.0", ProjectSetup.WorkflowMode.TEAM).message())
                .contains("team mode");
        assertThat(workflow).hasContent("a\nrunner: ubuntu-latest\nb");
        for (String broken : java.util.List.of("#<local>\na\n", "#</team>\n", "#<local>\n#<team>\n#</team>\n#</local>\n",
                "#<local>\n#</team>\n")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProjectSetup.render(broken, LOCAL)).as(broken)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block");
        }
    }

    @Test
    void theScheduleTriggerFollowsTheSettings() throws Exception {
        String template = Files.readString(Path.of("..", "mlops-maven-plugin", "src", "main", "resources", "dev",
                "mlops", "maven", "setup", "main.yml"));
        Path workflow = folder.resolve("main.yml");

        ProjectSetup.Outcome written = ProjectSetup.workflow(workflow, template, "1.0", LOCAL,
                java.util.List.of("0 3 * * 1"));
        assertThat(written.message()).contains("training on '0 3 * * 1'");
        assertThat(Files.readString(workflow)).contains("  workflow_dispatch:\n  # Training on its own",
                "  schedule:\n    - cron: '0 3 * * 1'\n");

        Files.writeString(workflow, Files.readString(workflow).replace("name: mlops", "name: ours"));
        ProjectSetup.Outcome moved = ProjectSetup.workflow(workflow, template, "1.0", LOCAL,
                java.util.List.of("30 4 * * *", "0 0 1 * *"));
        assertThat(moved.change()).isEqualTo(ProjectSetup.Change.UPDATED);
        assertThat(moved.message()).contains("set its schedule trigger to '30 4 * * *', '0 0 1 * *'");
        assertThat(Files.readString(workflow)).contains("    - cron: '30 4 * * *'\n    - cron: '0 0 1 * *'\n",
                "name: ours").doesNotContain("0 3 * * 1");
        assertThat(ProjectSetup.workflow(workflow, template, "1.0", LOCAL, java.util.List.of("30 4 * * *",
                "0 0 1 * *")).change()).isEqualTo(ProjectSetup.Change.UNCHANGED);

        ProjectSetup.Outcome removed = ProjectSetup.workflow(workflow, template, "1.0", LOCAL, java.util.List.of());
        assertThat(removed.message()).contains("removed its schedule trigger");
        assertThat(Files.readString(workflow)).doesNotContain("  schedule:\n", "Training on its own")
                .contains("  workflow_dispatch:\n\n");

        ProjectSetup.Outcome added = ProjectSetup.workflow(workflow, template, "1.0", LOCAL,
                java.util.List.of("0 3 * * 1"));
        assertThat(added.message()).contains("added a schedule trigger for '0 3 * * 1'");
        assertThat(ProjectSetup.render(template, LOCAL, java.util.List.of("0 3 * * 1")))
                .isEqualTo(Files.readString(workflow).replace("name: ours", "name: mlops"));
    }

    @Test
    void aScheduleTriggerOfTheUsersOwnIsLeftAlone() throws Exception {
        String mine = "on:\n  workflow_dispatch:\n  schedule:\n    - cron: '1 1 * * *'\njobs:\n  train:\n"
                + "    steps: [{run: mvn package mlops:train -Dmlops.schedule=\"$SCHEDULE\"}]\n";
        Path workflow = Files.writeString(folder.resolve("mine.yml"), mine);

        ProjectSetup.Outcome outcome = ProjectSetup.workflow(workflow, TEMPLATE, "1.0", LOCAL,
                java.util.List.of("0 3 * * 1"));

        assertThat(outcome.change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
        assertThat(outcome.message()).contains("its schedule: trigger is not the one mvn mlops:setup writes");
        assertThat(Files.readString(workflow)).isEqualTo(mine);
    }

    @Test
    void aWorkflowWithoutATrainJobGetsNoScheduleAndIsToldWhy() throws Exception {
        Path workflow = Files.writeString(folder.resolve("old.yml"), "on:\n  push:\n  workflow_dispatch:\njobs: {}\n");

        ProjectSetup.Outcome outcome = ProjectSetup.workflow(workflow, TEMPLATE, "1.0", LOCAL,
                java.util.List.of("0 3 * * 1"));

        assertThat(outcome.change()).isEqualTo(ProjectSetup.Change.UNCHANGED);
        assertThat(outcome.message()).contains("it has no train job for a schedule, so its trigger for '0 3 * * 1' is"
                + " not added; delete it and run mvn mlops:setup again");
        assertThat(workflow).hasContent("on:\n  push:\n  workflow_dispatch:\njobs: {}");
    }

    @Test
    void theShippedTemplateRendersToEachModeWithNoMarkerLeft() throws Exception {
        String template = Files.readString(Path.of("..", "mlops-maven-plugin", "src", "main", "resources", "dev",
                "mlops", "maven", "setup", "main.yml"));
        String local = ProjectSetup.render(template, LOCAL);
        String team = ProjectSetup.render(template, ProjectSetup.WorkflowMode.TEAM);

        assertThat(local).doesNotContain("#<", "#</", "KUBECONFIG_DATA", "ubuntu-latest\n    environment")
                .contains("runs-on: self-hosted", "MLOPS_HOME:", "self-hosted runner");
        assertThat(team).doesNotContain("#<", "#</", "self-hosted", "MLOPS_HOME")
                .contains("KUBECONFIG_DATA", "-Dmlops.image.registry=\"$MLOPS_IMAGE_REGISTRY\"",
                        "aws-actions/configure-aws-credentials");
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
