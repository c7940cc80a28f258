package dev.mlops.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.deployment.DeploymentReport.Outcome;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Platform;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment steps over a platform in memory and a store in a temporary folder: no host, no JVM started. */
class DeploymentStepsTest {

    private static final Alias ALIAS = new Alias("model1", Service.PREDICTION, Environment.TEST);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private final FakePlatform platform = new FakePlatform();
    private final Rollout rollout = new Rollout(platform, new SmokeCall(platform, Duration.ofSeconds(1)), CLOCK);
    private final List<String> log = new ArrayList<>();
    private final Rollback rollback = new Rollback(platform, CLOCK, log::add);

    private static BuiltBundle bundle(int version) {
        return bundle(ALIAS.version(version), "2026-12-02T09:00:0" + version + "Z");
    }

    private static BuiltBundle bundle(ExternalId id, String createdTime) {
        BundleDescriptor descriptor = new BundleDescriptor(id.toString(), "Model 1", "d", "o", Map.of(), id.model(),
                id.service().id(), id.environment().id(), id.version(), id.modelId(), "com.example.Model", "java", "", List.of(), Map.of(), 0,
                17,
                "test", "sha-" + id.version(), "", createdTime, List.of(), List.of(), List.of(), List.of(), null);
        return new BuiltBundle(id, Path.of("unused.bundle"), descriptor);
    }

    private void deploy(int... versions) throws Exception {
        for (int version : versions) {
            rollout.roll(bundle(version), Optional.of(Json.DATA.createObjectNode()), "tester", Optional.empty());
        }
    }

    @Test
    void aRolloutDeploysThenPointsTheAliasThenRecords() throws Exception {
        rollout.roll(bundle(1), Optional.empty(), "tester", Optional.of("abc"));

        assertThat(platform.changes).containsExactly("deploy model1-prediction-test-1",
                "point model1-prediction-test model1-prediction-test-1",
                "record deploy model1-prediction-test model1-prediction-test-1");
        DeploymentRecord record = platform.ledger.get(0);
        assertThat(record.who()).isEqualTo("tester");
        assertThat(record.gitCommit()).isEqualTo("abc");
        assertThat(record.when()).isEqualTo("2026-12-02T10:00:00Z");
    }

    @Test
    void aFailedSmokeCallOfTheAliasPointsItBackAndRecordsNothing() throws Exception {
        deploy(1);
        platform.broken.add(ALIAS.toString());

        assertThatThrownBy(() -> deploy(2)).isInstanceOf(DeploymentException.class)
                .hasMessage("model1: the smoke call of model1-prediction-test failed (HTTP 500"
                        + " {\"status\":\"error\",\"error_message\":\"broken\"}); it points to model1-prediction-test-1"
                        + " again");
        assertThat(platform.aliases).containsEntry(ALIAS, ALIAS.version(1));
        assertThat(platform.ledger).hasSize(1);
    }

    @Test
    void aRedeploymentWhoseAliasFailsItsSmokeCallPutsBackTheBundleTheAliasServed() throws Exception {
        deploy(1);
        BundleDescriptor served = platform.deployed.get(ALIAS.version(1));
        platform.broken.add(ALIAS.toString());

        assertThatThrownBy(() -> rollout.roll(bundle(ALIAS.version(1), "2026-12-02T09:30:00Z"),
                Optional.of(Json.DATA.createObjectNode()), "tester", Optional.empty()))
                .hasMessageStartingWith("model1: the smoke call of model1-prediction-test failed");
        assertThat(platform.deployed.get(ALIAS.version(1))).isSameAs(served);
        assertThat(platform.aliases).containsEntry(ALIAS, ALIAS.version(1));
    }

    @Test
    void aFailedSmokeCallOfTheVersionPutsBackWhatItServedAndLeavesTheAlias() throws Exception {
        deploy(1);
        platform.broken.add(ALIAS.version(2).toString());

        assertThatThrownBy(() -> deploy(2)).isInstanceOf(DeploymentException.class)
                .hasMessageStartingWith("model1: the smoke call of model1-prediction-test-2 failed (HTTP 500");
        assertThat(platform.deployed).doesNotContainKey(ALIAS.version(2));
        assertThat(platform.aliases).containsEntry(ALIAS, ALIAS.version(1));
        assertThat(platform.changes).contains("restore model1-prediction-test-2");
    }

    @Test
    void retentionNeverRemovesWhatTheAliasPointsTo() throws Exception {
        deploy(1, 2, 3, 4, 5);
        platform.aliases.put(ALIAS, ALIAS.version(2));

        List<BundleDescriptor> removed = new Retention(platform).keep(ALIAS.version(5), 1);

        assertThat(removed).extracting(BundleDescriptor::externalId)
                .containsExactly("model1-prediction-test-1", "model1-prediction-test-3");
        assertThat(platform.deployed).containsOnlyKeys(ALIAS.version(2), ALIAS.version(4), ALIAS.version(5));
    }

    @Test
    void rollbackWalksBackOneDeploymentAtATime() throws Exception {
        deploy(1, 2, 3);

        assertThat(rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", "bad").to()).isEqualTo(ALIAS.version(2));
        assertThat(rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", "").to()).isEqualTo(ALIAS.version(1));
        assertThatThrownBy(() -> rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", ""))
                .isInstanceOf(DeploymentException.class).hasMessage("model1: model1-prediction-test points to"
                        + " model1-prediction-test-1 and no earlier deployment of another version is on record;"
                        + " there is nothing to roll back to")
                .extracting(e -> ((DeploymentException) e).fix()).isEqualTo(Fix.NAME_A_VERSION);
        assertThat(platform.aliases).containsEntry(ALIAS, ALIAS.version(1));
    }

    @Test
    void aNewDeploymentAfterARollbackIsRolledBackToWhereTheRollbackWent() throws Exception {
        deploy(1, 2, 3);
        rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", "");
        deploy(4);

        assertThat(rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", "").to()).isEqualTo(ALIAS.version(2));
    }

    @Test
    void aRedeploymentOfTheSameVersionIsNotItsOwnPrevious() throws Exception {
        deploy(1, 2, 2);

        Rollback.Result result = rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", "");

        assertThat(result.from()).isEqualTo(ALIAS.version(2));
        assertThat(result.to()).isEqualTo(ALIAS.version(1));
    }

    @Test
    void rollbackPassesOverDeploymentsNoLongerThere() throws Exception {
        deploy(1, 2, 3);
        platform.deployed.remove(ALIAS.version(2));

        Rollback.Result result = rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", "");

        assertThat(result.to()).isEqualTo(ALIAS.version(1));
        assertThat(result.skipped()).containsExactly(ALIAS.version(2));
        assertThat(log).containsExactly("rolled back model1-prediction-test from model1-prediction-test-3 to"
                + " model1-prediction-test-1 (passing over model1-prediction-test-2, no longer deployed)");
    }

    @Test
    void rollbackToANamedVersionNeedsOneThatWasDeployedAndStillIs() throws Exception {
        deploy(1, 2, 3);
        platform.deployed.remove(ALIAS.version(1));

        assertThatThrownBy(() -> rollback.rollBack(ALIAS, OptionalInt.of(7), "tester", ""))
                .hasMessage("model1: model1-prediction-test-7 was never deployed, so model1-prediction-test cannot"
                        + " return to it; deployed versions: model1-prediction-test-1, model1-prediction-test-2,"
                        + " model1-prediction-test-3");
        assertThatThrownBy(() -> rollback.rollBack(ALIAS, OptionalInt.of(1), "tester", ""))
                .hasMessage("model1: model1-prediction-test-1 is no longer deployed (models_to_keep or an undeploy"
                        + " removed it)");
        assertThatThrownBy(() -> rollback.rollBack(ALIAS, OptionalInt.of(3), "tester", ""))
                .hasMessage("model1: model1-prediction-test points to model1-prediction-test-3 already");
        assertThat(rollback.rollBack(ALIAS, OptionalInt.of(2), "tester", "").to()).isEqualTo(ALIAS.version(2));
    }

    @Test
    void everyRollbackIsRecordedWithWhoWhenAndWhy() throws Exception {
        deploy(1, 2);

        rollback.rollBack(ALIAS, OptionalInt.empty(), "alice", "p99 doubled");

        DeploymentRecord record = platform.ledger.get(platform.ledger.size() - 1);
        assertThat(record).extracting(DeploymentRecord::action, DeploymentRecord::target,
                DeploymentRecord::previousTarget, DeploymentRecord::who, DeploymentRecord::when,
                DeploymentRecord::reason).containsExactly("rollback", "model1-prediction-test-1",
                "model1-prediction-test-2", "alice", "2026-12-02T10:00:00Z", "p99 doubled");
    }

    @Test
    void aRollbackWhoseTargetDoesNotServePointsTheAliasBack() throws Exception {
        deploy(1, 2);
        platform.failing.add(ALIAS.toString());

        assertThatThrownBy(() -> rollback.rollBack(ALIAS, OptionalInt.empty(), "tester", ""))
                .hasMessage("model1: the smoke call of model1-prediction-test after rolling back to"
                        + " model1-prediction-test-1 failed (failed: cannot load); it points to"
                        + " model1-prediction-test-2 again");
        assertThat(platform.aliases).containsEntry(ALIAS, ALIAS.version(2));
        assertThat(platform.ledger).hasSize(2);
    }

    @Test
    void helpersAreOrderedBeforeTheModelsUsingThem() throws Exception {
        TestModels models = new TestModels(folder);
        ModelSettings user = models.settings("user", "com.example.M", "null", "helper_models:\n  - model_name: middle");
        ModelSettings middle = models.settings("middle", "com.example.M", "null",
                "helper_models:\n  - model_name: base\n  - model_name: elsewhere");
        ModelSettings base = models.settings("base", "com.example.M", "null", "");
        ModelSettings alone = models.settings("alone", "com.example.M", "null", "");

        assertThat(HelperOrder.order(List.of(user, alone, middle, base))).extracting(ModelSettings::modelName)
                .containsExactly("base", "middle", "user", "alone");
    }

    @Test
    void aCycleOfHelpersNamesItsModels() throws Exception {
        TestModels models = new TestModels(folder);
        ModelSettings a = models.settings("a", "com.example.M", "null", "helper_models:\n  - model_name: b");
        ModelSettings b = models.settings("b", "com.example.M", "null", "helper_models:\n  - model_name: c");
        ModelSettings c = models.settings("c", "com.example.M", "null", "helper_models:\n  - model_name: a");

        assertThatThrownBy(() -> HelperOrder.order(List.of(a, b, c))).hasMessage("helper_models form a cycle:"
                + " a uses b uses c uses a; a model cannot need itself, so none of them was deployed");
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        TestModels models = new TestModels(folder);
        ModelSettings model = models.settings("model1", "com.example.M", "null", "");
        ModelManager manager = manager();
        manager.upload("model1", Environment.TEST, artifact("1"), Map.of(), Progress.NONE);

        DeploymentReport report = deployment(manager).run(plan(List.of(model), Environment.TEST, true));

        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
            assertThat(r.id()).contains(ALIAS.version(1));
        });
        assertThat(platform.changes).isEmpty();
        assertThat(log).containsExactly("model1: would deploy model1-prediction-test-1 (artifact model1/test/1),"
                + " then point model1-prediction-test at it");
    }

    @Test
    void prodDeploysOnlyPromotedVersionsAndAModelNotInTheSettingsIsNamed() throws Exception {
        TestModels models = new TestModels(folder);
        ModelSettings model = models.settings("model1", "com.example.M", "null", "");

        DeploymentReport report = deployment(manager()).run(plan(List.of(model), Environment.PROD, false));

        assertThat(report.failures()).singleElement().satisfies(e -> {
            assertThat(e).hasMessage("model1: no artifact of model1 in prod; prod deploys only versions promoted from"
                    + " test");
            assertThat(e.fix()).isEqualTo(Fix.PROMOTE_TO_PROD);
        });
        DeploymentPlan other = new DeploymentPlan(List.of(model), Optional.of("model2"), Environment.DEV,
                List.of(Service.PREDICTION), List.of(), Optional.empty(), "tester", "test", Instant.now(),
                OptionalInt.empty(), false, true, false);
        assertThat(deployment(manager()).run(other).failures()).singleElement().satisfies(e -> {
            assertThat(e).hasMessage("model 'model2' is not in the settings; its models are model1");
            assertThat(e.fix()).isEqualTo(Fix.CHOOSE_A_MODEL);
        });
        assertThat(platform.changes).isEmpty();
    }

    @Test
    void aPlatformThatCannotBeReachedFailsItsModelByNameAndTheOthersGoOn() throws Exception {
        TestModels models = new TestModels(folder);
        ModelSettings far = models.settings("far", "com.example.M", "null", "platform: kubernetes");
        ModelSettings near = models.settings("near", "com.example.M", "null", "");
        ModelManager manager = manager();
        Infrastructure infrastructure = new Infrastructure() {
            @Override
            public ModelManager manager(String dataset) {
                return manager;
            }

            @Override
            public FakePlatform platform(Platform chosen) throws DeploymentException {
                if (chosen == Platform.KUBERNETES) {
                    throw new DeploymentException("", "platform kubernetes is not available here", Fix.NONE);
                }
                return platform;
            }
        };

        DeploymentReport report = new Deployment(infrastructure, List.of(), folder.resolve("work"),
                new ServiceTestPasses(folder.resolve("passes")), CLOCK, log::add)
                .run(plan(List.of(far, near), Environment.DEV, true));

        assertThat(report.failures()).singleElement().satisfies(e -> {
            assertThat(e).hasMessage("far: platform kubernetes is not available here");
            assertThat(e.model()).isEqualTo("far");
        });
        assertThat(report.results()).extracting(DeploymentReport.Result::model, DeploymentReport.Result::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("far", Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("near", Outcome.PLANNED));
    }

    private static final String TRAINS = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Both implements PredictionModel<Map<String, Object>, String>, TrainingModel {
                public String initialization(Path folder, Secrets secrets) throws ModelException {
                    try { return Files.readString(folder.resolve("w.txt")); }
                    catch (java.io.IOException e) { throw new ModelException("no weights", e); }
                }
                public Object predict(Map<String, Object> data, String w, Secrets secrets) { return w; }
                public Map<String, Object> train(Path folder, Secrets secrets) throws ModelException {
                    if (System.getProperty("both.fail") != null) throw new ModelException("no data today");
                    try { Files.writeString(folder.resolve("w.txt"), "trained"); }
                    catch (java.io.IOException e) { throw new ModelException("cannot write", e); }
                    return Map.of("rmse", 0.5);
                }
            }
            """;

    @Test
    void aFreshCloneWithoutItsArtifactFolderTrainsItWhenNoDevVersionIsStored() throws Exception {
        TestModels models = new TestModels(folder);
        Path jar = models.jar("both", Map.of("com.example.Both", TRAINS));
        ModelSettings model = models.settings("model1", "com.example.Both", "model_artifact", "");
        DeploymentPlan plan = new DeploymentPlan(List.of(model), Optional.empty(), Environment.DEV,
                List.of(Service.PREDICTION), List.of(jar), Optional.empty(), "tester", "test", Instant.now(),
                OptionalInt.empty(), false, false, false);

        System.setProperty("both.fail", "yes");
        try {
            assertThatThrownBy(() -> deployment(manager()).prepare(plan, model, Service.PREDICTION))
                    .hasMessage("model1: artifact_folder " + folder.resolve("model_artifact") + " is missing, no dev"
                            + " version is stored, and training it failed: no data today");
            assertThat(folder.resolve("model_artifact")).as("nothing half-made is left").doesNotExist();
        } finally {
            System.clearProperty("both.fail");
        }
        BuiltBundle bundle = deployment(manager()).prepare(plan, model, Service.PREDICTION);

        assertThat(folder.resolve("model_artifact/w.txt")).hasContent("trained");
        assertThat(bundle.descriptor().artifactSha256()).isNotEmpty();
        assertThat(log).contains("model1: artifact_folder model_artifact was missing and no dev version is stored;"
                + " trained it with com.example.Both {rmse=0.5}");
    }

    @Test
    void prodPromotionNeedsASuccessfulTestDeploymentUnlessForced() throws Exception {
        ModelManager manager = manager();
        manager.upload("model1", Environment.TEST, artifact("1"), Map.of(), Progress.NONE);
        PromotionGate gate = new PromotionGate(manager, platform);

        assertThatThrownBy(() -> gate.promote("model1", Environment.PROD, OptionalInt.empty(), false))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("model1: model1/test/1 was never deployed to test successfully on the fake platform")
                .extracting(e -> ((DeploymentException) e).fix()).isEqualTo(Fix.DEPLOY_TO_TEST_OR_FORCE);
        assertThat(manager.latest("model1", Environment.PROD)).isEmpty();

        deploy(1);
        assertThat(gate.promote("model1", Environment.PROD, OptionalInt.empty(), false).version().id())
                .isEqualTo("model1/prod/1");
        manager.upload("model1", Environment.TEST, artifact("2"), Map.of(), Progress.NONE);
        assertThat(gate.promote("model1", Environment.PROD, OptionalInt.of(2), true).created()).isTrue();
    }

    @Test
    void anAliasTargetCannotBeUndeployedButOtherVersionsAndTheAliasCan() throws Exception {
        deploy(1, 2);
        Undeployment undeployment = new Undeployment(platform, Optional.empty(), log::add);

        assertThatThrownBy(() -> undeployment.remove(ALIAS.version(2))).isInstanceOf(DeploymentException.class)
                .hasMessage("model1: model1-prediction-test points to model1-prediction-test-2, so it stays until the"
                        + " alias moves or is removed");
        assertThatThrownBy(() -> undeployment.remove(ALIAS.version(9)))
                .hasMessage("model1-prediction-test-9 is not deployed on the fake platform");
        undeployment.remove(ALIAS.version(1));
        undeployment.remove(ALIAS);
        undeployment.remove(ALIAS.version(2));
        assertThat(platform.deployed).isEmpty();
        assertThat(platform.aliases).isEmpty();
    }

    private Path artifact(String weights) throws Exception {
        Path artifact = Files.createDirectories(folder.resolve("artifact-" + weights));
        Files.writeString(artifact.resolve("weights.txt"), weights);
        return artifact;
    }

    private ModelManager manager() {
        return new ModelManager(new LocalArtifactStore(folder.resolve("store")), "mlops", CLOCK, "tester");
    }

    private Deployment deployment(ModelManager manager) {
        return new Deployment(new FixedInfrastructure(manager, platform), List.of(), folder.resolve("work"),
                new ServiceTestPasses(folder.resolve("passes")), CLOCK, log::add);
    }

    private static DeploymentPlan plan(List<ModelSettings> models, Environment env, boolean dryRun) {
        return new DeploymentPlan(models, Optional.empty(), env, List.of(Service.PREDICTION), List.of(),
                Optional.empty(), "tester", "test", Instant.now(), OptionalInt.empty(), false, dryRun, false);
    }
}
