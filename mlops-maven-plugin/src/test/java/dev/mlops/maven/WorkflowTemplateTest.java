package dev.mlops.maven;

import dev.mlops.core.setup.ProjectSetup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The generated workflow ({@code setup/main.yml}, which the archetype copies unfiltered): parsed as YAML, its
 * {@code plan} step run in bash for each event and branch, and the command it leads to checked.
 */
class WorkflowTemplateTest {

    /** The workflow of local mode; {@link #team} that of team mode. */
    private static Map<String, Object> workflow;
    private static Map<String, Object> team;
    private static String template;

    @TempDir
    Path folder;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (InputStream in = SetupMojo.class.getResourceAsStream("setup/main.yml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LoaderOptions strict = new LoaderOptions();
        strict.setAllowDuplicateKeys(false);
        workflow = new Yaml(new SafeConstructor(strict)).load(ProjectSetup.render(template,
                ProjectSetup.WorkflowMode.LOCAL));
        team = new Yaml(new SafeConstructor(strict)).load(ProjectSetup.render(template,
                ProjectSetup.WorkflowMode.TEAM));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "push, main, environment=test service=prediction testing_only=false maven_args= train=false",
            "push, master, environment=test service=prediction testing_only=false maven_args= train=false",
            "push, deploy/new-features, environment=test service=prediction testing_only=false maven_args="
                    + " train=false",
            "push, feature/better-fit, environment=dev service=prediction testing_only=true maven_args= train=false",
            "push, mlops/retrain, environment=test service=all testing_only=false maven_args= train=false",
            "workflow_dispatch, main, environment=prod service=prediction testing_only=false"
                    + " maven_args=-Dmlops.promote train=false",
            "schedule, main, environment=dev service=training testing_only=false maven_args= train=true",
    })
    void eachBranchRunsItsDeployment(String event, String branch, String expected) throws Exception {
        assertThat(plan(event, branch)).isEqualTo(expected);
    }

    @Test
    void prodComesOnlyFromAManualRunOfTheDefaultBranch() throws Exception {
        assertThat(plan("workflow_dispatch", "feature/better-fit")).isEqualTo("exit 1");
        assertThat(Files.readString(folder.resolve("log"))).contains("prod is deployed only from the default branch"
                + " (main), not from feature/better-fit");
        assertThat(plan("workflow_dispatch", "master", "master")).startsWith("environment=prod ");
        assertThat(plan("push", "main")).startsWith("environment=test ");
    }

    @Test
    void deploymentsToOneEnvironmentNeverOverlapAndTheJobsOnlyReadTheRepository() {
        assertThat(map(job("deploy").get("concurrency"))).containsEntry("group",
                "mlops-deploy-${{ needs.plan.outputs.environment }}").containsEntry("cancel-in-progress", false);
        assertThat(map(workflow.get("permissions"))).containsExactly(Map.entry("contents", "read"));
        Map<String, Object> upload = steps(job("deploy")).stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact@")).findFirst()
                .orElseThrow();
        assertThat(upload.get("if")).isEqualTo("always()");
        assertThat(String.valueOf(map(upload.get("with")).get("path"))).contains("**/target/mlops-service-test/");
    }

    @Test
    void anotherBranchIsRefusedByThePlanAndNotTriggered() throws Exception {
        assertThat(plan("push", "experiment/x")).isEqualTo("exit 1");
        assertThat(job("plan")).isNotNull();
        Map<String, Object> on = map(workflow.get(Boolean.TRUE) != null ? workflow.get(Boolean.TRUE)
                : workflow.get("on"));
        assertThat(map(on.get("push")).get("branches"))
                .isEqualTo(List.of("main", "master", "deploy/**", "feature/**", "mlops/**"));
        assertThat(on).containsKey("workflow_dispatch");
    }

    @Test
    void theDeployJobRunsMavenInThePlannedGitHubEnvironment() {
        Map<String, Object> deploy = job("deploy");
        assertThat(deploy.get("environment")).isEqualTo("${{ needs.plan.outputs.environment }}");
        assertThat(map(deploy.get("env"))).containsEntry("MODEL_ENV", "${{ needs.plan.outputs.environment }}")
                .containsEntry("SERVICE_NAME", "${{ needs.plan.outputs.service }}")
                .containsEntry("TESTING_ONLY", "${{ needs.plan.outputs.testing_only }}")
                .containsEntry("MLOPS_HOST_TOKEN", "${{ secrets.MLOPS_HOST_TOKEN }}");
        List<String> runs = steps(deploy).stream().filter(s -> s.containsKey("run"))
                .map(s -> String.valueOf(s.get("run"))).toList();
        assertThat(runs).containsExactly("mvn -B -ntp mlops:validate",
                "mvn -B -ntp deploy ${{ needs.plan.outputs.maven_args }}");
        Map<String, Object> java = steps(deploy).stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@")).findFirst().orElseThrow();
        assertThat(map(java.get("with"))).containsEntry("cache", "maven");
        // the mlops version has one source, the POM: the goals are named by prefix
        assertThat(workflow).doesNotContainKey("env");
    }

    @Test
    void aScheduleRunsTrainingOnlyAndNeverDeploys() throws Exception {
        Map<String, Object> scheduled = new Yaml(new SafeConstructor(new LoaderOptions())).load(ProjectSetup.render(
                template, ProjectSetup.WorkflowMode.LOCAL, List.of("0 3 * * 1", "30 4 * * *")));
        Map<String, Object> on = map(scheduled.get(Boolean.TRUE) != null ? scheduled.get(Boolean.TRUE)
                : scheduled.get("on"));
        assertThat(on.get("schedule")).isEqualTo(List.of(Map.of("cron", "0 3 * * 1"), Map.of("cron", "30 4 * * *")));
        assertThat(map(workflow.get(Boolean.TRUE) != null ? workflow.get(Boolean.TRUE) : workflow.get("on")))
                .doesNotContainKey("schedule");
        assertThat(plan("schedule", "main")).endsWith("train=true");
        assertThat(job("deploy").get("if")).isEqualTo("needs.plan.outputs.train != 'true'");
        Map<String, Object> train = job("train");
        assertThat(train.get("if")).isEqualTo("needs.plan.outputs.train == 'true'");
        assertThat(map(train.get("env"))).containsEntry("SCHEDULE", "${{ github.event.schedule }}");
        assertThat(steps(train).stream().filter(s -> s.containsKey("run")).map(s -> String.valueOf(s.get("run"))))
                .containsExactly("mvn -B -ntp package mlops:train -Dmlops.schedule=\"$SCHEDULE\"");
        assertThat(String.valueOf(steps(train))).doesNotContain("deploy");
    }

    @Test
    void localModeRunsOnASelfHostedRunnerKeepingMlopsHome() {
        Map<String, Object> deploy = job("deploy");
        assertThat(deploy.get("runs-on")).isEqualTo("self-hosted");
        assertThat(map(deploy.get("env"))).containsEntry("MLOPS_HOME", "${{ vars.MLOPS_HOME || '/var/lib/mlops' }}")
                .doesNotContainKey("AWS_ACCESS_KEY_ID");
    }

    @Test
    void teamModeRunsOnGitHubsRunnersWithEverythingFromSecretsAndNothingKept() {
        Map<String, Object> deploy = map(map(team.get("jobs")).get("deploy"));
        assertThat(deploy.get("runs-on")).isEqualTo("ubuntu-latest");
        assertThat(map(deploy.get("env"))).doesNotContainKey("MLOPS_HOME")
                .containsEntry("AWS_ACCESS_KEY_ID", "${{ secrets.AWS_ACCESS_KEY_ID }}")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "${{ secrets.AWS_SECRET_ACCESS_KEY }}")
                .containsEntry("MLOPS_IMAGE_REGISTRY", "${{ vars.MLOPS_IMAGE_REGISTRY }}");
        List<Map<String, Object>> steps = steps(deploy);
        Map<String, Object> reach = steps.stream().filter(s -> "Reach the cluster and the image registry"
                .equals(s.get("name"))).findFirst().orElseThrow();
        assertThat(map(reach.get("env"))).containsEntry("KUBECONFIG_DATA", "${{ secrets.KUBECONFIG_DATA }}");
        assertThat(reach.get("if")).as("a build that only tests needs no cluster")
                .isEqualTo("needs.plan.outputs.testing_only != 'true'");
        assertThat(String.valueOf(reach.get("run"))).contains("umask 077", "$RUNNER_TEMP/kubeconfig",
                "--password-stdin");
        assertThat(steps.stream().map(s -> String.valueOf(s.get("run")))).contains("mvn -B -ntp mlops:validate",
                "mvn -B -ntp deploy ${{ needs.plan.outputs.maven_args }} -Dmlops.image.registry=\"$MLOPS_IMAGE_REGISTRY\"");
        assertThat(map(team.get("permissions"))).containsExactly(Map.entry("contents", "read"));
        assertThat(map(deploy.get("concurrency"))).containsEntry("group",
                "mlops-deploy-${{ needs.plan.outputs.environment }}");
    }

    @Test
    void teamModeRefusesToStartWithoutItsKubeconfig() throws Exception {
        Map<String, Object> reach = steps(map(map(team.get("jobs")).get("deploy"))).stream()
                .filter(s -> "Reach the cluster and the image registry".equals(s.get("name"))).findFirst()
                .orElseThrow();
        ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", String.valueOf(reach.get("run")));
        bash.environment().put("RUNNER_TEMP", folder.toString());
        bash.environment().put("GITHUB_ENV", folder.resolve("env").toString());
        bash.environment().put("KUBECONFIG_DATA", "");
        bash.environment().put("MLOPS_IMAGE_REGISTRY", "registry.example.com/team");
        bash.redirectErrorStream(true).redirectOutput(folder.resolve("reach.log").toFile());
        Process process = bash.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(folder.resolve("reach.log"))).contains("the secret KUBECONFIG_DATA is not set");

        bash.environment().put("KUBECONFIG_DATA", "apiVersion: v1\nkind: Config");
        bash.environment().put("REGISTRY_USERNAME", "");
        process = bash.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(0);
        assertThat(Files.readString(folder.resolve("kubeconfig"))).isEqualTo("apiVersion: v1\nkind: Config\n");
        assertThat(java.nio.file.Files.getPosixFilePermissions(folder.resolve("kubeconfig")).toString())
                .doesNotContain("GROUP", "OTHERS");
        assertThat(Files.readString(folder.resolve("env"))).contains("KUBECONFIG=" + folder.resolve("kubeconfig"));
    }

    /** Runs the plan step as GitHub would, and returns its outputs on one line (or how it exited). */
    private String plan(String event, String branch) throws Exception {
        return plan(event, branch, "main");
    }

    private String plan(String event, String branch, String defaultBranch) throws Exception {
        Map<String, Object> step = steps(job("plan")).get(0);
        Path output = Files.createFile(folder.resolve("output-" + System.nanoTime()));
        ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", String.valueOf(step.get("run")));
        bash.environment().put("EVENT", event);
        bash.environment().put("BRANCH", branch);
        bash.environment().put("DEFAULT_BRANCH", defaultBranch);
        bash.environment().put("GITHUB_OUTPUT", output.toString());
        bash.redirectErrorStream(true).redirectOutput(folder.resolve("log").toFile());
        Process process = bash.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            return "exit " + process.exitValue();
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            outputs.put(line.substring(0, equals), line.substring(equals + 1));
        }
        assertThat(map(job("plan").get("outputs")).keySet()).containsExactlyElementsOf(outputs.keySet());
        return String.join(" ", outputs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static Map<String, Object> job(String name) {
        return map(map(workflow.get("jobs")).get(name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("steps");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
