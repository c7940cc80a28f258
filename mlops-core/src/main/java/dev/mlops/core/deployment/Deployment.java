package dev.mlops.core.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.deployment.DeploymentReport.Outcome;
import dev.mlops.core.deployment.DeploymentReport.Result;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.Promotion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.servicetest.ServiceTestException;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.settings.ModelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Deploys the models of a plan, each through the steps: resolve the artifact and build the bundle
 * ({@link ArtifactResolution}), check the helper models ({@link HelperCheck}), pass the service test
 * ({@link ServiceTestGate}), roll out with restore ({@link Rollout}), and keep {@code models_to_keep}
 * ({@link Retention}). Helpers deploy before the models that use them; one model's failure does not stop the others.
 */
public final class Deployment {

    private final Infrastructure infrastructure;
    private final List<Path> hostClassPath;
    private final Path work;
    private final ServiceTestPasses passes;
    private final Clock clock;
    private final Consumer<String> log;

    /**
     * @param infrastructure each model's Model Manager and platform
     * @param hostClassPath  the class path of the service test's host
     * @param work           a folder for bundles, downloaded artifacts and service-test reports
     * @param passes         the service tests passed earlier in the build, not run again
     * @param clock          the ledger's clock
     * @param log            where progress is told
     */
    public Deployment(Infrastructure infrastructure, List<Path> hostClassPath, Path work, ServiceTestPasses passes,
                      Clock clock, Consumer<String> log) {
        this.infrastructure = infrastructure;
        this.hostClassPath = hostClassPath;
        this.work = work;
        this.passes = passes;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Runs the plan for every model it names.
     *
     * @return one result per model and service; failures are in the report, not thrown
     */
    public DeploymentReport run(DeploymentPlan plan) {
        List<Result> results = new ArrayList<>();
        Map<String, URI> endpoints = new LinkedHashMap<>();
        List<ModelSettings> models;
        try {
            models = HelperOrder.order(chosen(plan));
        } catch (DeploymentException e) {
            results.add(new Result(e.model(), Optional.empty(), Outcome.FAILED, Optional.empty(), Optional.empty(),
                    Optional.of(e), Optional.empty()));
            return new DeploymentReport(results, endpoints);
        }
        for (ModelSettings model : models) {
            String name = model.modelName();
            DeploymentPlatform platform;
            ModelManager manager;
            try {
                // A build that only tests reaches the platform only to read what test serves for a promotion: on
                // Kubernetes that spares a feature branch's CI job the cluster's credentials and the host's image.
                boolean promoting = plan.promoteFirst() && plan.environment() == Environment.PROD;
                platform = plan.testingOnly() && !promoting ? null : infrastructure.platform(model.platform());
                manager = infrastructure.manager(model.dataset());
                if (promoting && !plan.dryRun()) {
                    promoteServedVersion(model, manager, platform);
                }
            } catch (DeploymentException e) {
                results.add(failed(name, Optional.empty(), e.model().isEmpty()
                        ? new DeploymentException(name, e.getMessage(), e.fix(), e) : e));
                continue;
            }
            for (Service service : plan.services()) {
                if ((service == Service.TRAINING ? model.training() : model.prediction()).isEmpty()) {
                    continue;
                }
                try {
                    results.add(deploy(plan, model, service, manager, platform));
                } catch (DeploymentException e) {
                    results.add(failed(name, Optional.of(service), e));
                }
            }
            if (!plan.dryRun() && !plan.testingOnly()) {
                try {
                    platform.endpoint().ifPresent(url -> endpoints.put(platform.name(), url));
                } catch (PlatformException e) {
                    log.accept("cannot ask the " + platform.name() + " platform where it serves: " + e.getMessage());
                }
            }
        }
        return new DeploymentReport(results, endpoints);
    }

    private static Result failed(String model, Optional<Service> service, DeploymentException e) {
        return new Result(model, service, Outcome.FAILED, Optional.empty(), Optional.empty(), Optional.of(e),
                Optional.empty());
    }

    private static List<ModelSettings> chosen(DeploymentPlan plan) throws DeploymentException {
        if (plan.onlyModel().isEmpty()) {
            return plan.models();
        }
        String wanted = plan.onlyModel().get();
        List<ModelSettings> chosen = plan.models().stream().filter(m -> m.modelName().equals(wanted)).toList();
        if (chosen.isEmpty()) {
            throw new DeploymentException("", "model '" + wanted + "' is not in the settings; its models are "
                    + String.join(", ", plan.models().stream().map(ModelSettings::modelName).toList()),
                    Fix.CHOOSE_A_MODEL);
        }
        return chosen;
    }

    /**
     * A bundle the service test of a build tests.
     *
     * @param model  the model
     * @param bundle the prediction bundle a deployment of the plan would deploy
     */
    public record TestTarget(ModelSettings model, BuiltBundle bundle) {
    }

    /**
     * @return the prediction bundles a deployment of the plan would deploy, of every model it names that has a
     *         prediction service and a {@code test_file} (the others are told and passed over)
     */
    public List<TestTarget> serviceTestTargets(DeploymentPlan plan) throws DeploymentException {
        List<TestTarget> targets = new ArrayList<>();
        for (ModelSettings model : chosen(plan)) {
            if (model.testFile().isEmpty() || model.prediction().isEmpty()) {
                log.accept(model.modelName() + ": no service test (" + (model.prediction().isEmpty()
                        ? "no prediction service" : "test_file: null") + ")");
                continue;
            }
            targets.add(new TestTarget(model, prepare(plan, model, Service.PREDICTION)));
        }
        return targets;
    }

    /**
     * Builds the bundle a deployment of a service would deploy, without deploying it: what the service test of a
     * build tests.
     */
    public BuiltBundle prepare(DeploymentPlan plan, ModelSettings model, Service service) throws DeploymentException {
        return step(model.modelName(), () -> new ArtifactResolution(infrastructure.manager(model.dataset()), work, log)
                .bundle(plan, model, service));
    }

    private Result deploy(DeploymentPlan plan, ModelSettings model, Service service, ModelManager manager,
                          DeploymentPlatform platform) throws DeploymentException {
        String name = model.modelName();
        ArtifactResolution resolution = new ArtifactResolution(manager, work, log);
        return step(name, () -> {
            if (!plan.testingOnly()) {
                new HelperCheck(platform, log).check(model, plan.environment(), plan.classPath());
            }
            if (plan.dryRun()) {
                ExternalId planned = resolution.externalId(model, service, plan.environment(),
                        plan.pinnedVersion(model));
                log.accept(name + ": would deploy " + planned + " (artifact " + planned.modelId() + ")"
                        + (plan.testingOnly() ? ", service test only" : ", then point " + planned.alias()
                        + " at it"));
                if (!plan.testingOnly() && platform.showsPlannedObjects()) {
                    Optional<String> objects = platform.plannedObjects(resolution.bundle(plan, model, service));
                    objects.ifPresent(text -> log.accept(name + ": the objects it would apply on the "
                            + platform.name() + " platform:\n" + text));
                }
                return new Result(name, Optional.of(service), Outcome.PLANNED, Optional.of(planned),
                        Optional.empty(), Optional.empty(), Optional.empty());
            }
            BuiltBundle bundle = resolution.bundle(plan, model, service);
            Optional<JsonNode> smoke = new ServiceTestGate(hostClassPath, work, passes, log).pass(model, bundle);
            if (plan.testingOnly()) {
                log.accept(name + ": service test passed; nothing deployed (testing only)");
                return new Result(name, Optional.of(service), Outcome.TESTED, Optional.of(bundle.id()),
                        Optional.empty(), Optional.empty(), Optional.of(bundle.descriptor().artifactSha256()));
            }
            Rollout.Result rolled = new Rollout(platform, new SmokeCall(platform, SmokeCall.SERVED_WITHIN), clock)
                    .roll(bundle, smoke, plan.who(), plan.gitCommit());
            if (bundle.id().environment() != Environment.DEV) {
                // Noted in the store too, so that a deletion asked for from another machine sharing it refuses.
                manager.recordServing(bundle.id().modelId(), bundle.descriptor().artifactSha256(),
                        bundle.id().toString(), platform.where());
            }
            log.accept(name + ": deployed " + bundle.id() + "; " + bundle.id().alias() + " points to it"
                    + rolled.previous().map(p -> " (was " + p + ")").orElse(""));
            if (!model.keepAllModels()) {
                for (BundleDescriptor old : new Retention(platform).keep(bundle.id(), model.modelsToKeep())) {
                    manager.forgetServing(old.modelId(), old.externalId(), platform.where());
                    log.accept(name + ": removed " + old.externalId() + " (models_to_keep: " + model.modelsToKeep()
                            + ")");
                }
            }
            return new Result(name, Optional.of(service), Outcome.DEPLOYED, Optional.of(bundle.id()),
                    rolled.previous(), Optional.empty(), Optional.of(bundle.descriptor().artifactSha256()));
        });
    }

    /** With {@code promoteFirst}: the version the test alias serves is promoted to prod (nothing when prod has it). */
    private void promoteServedVersion(ModelSettings model, ModelManager manager, DeploymentPlatform platform)
            throws DeploymentException {
        String name = model.modelName();
        Alias alias = new Alias(name, Service.PREDICTION, Environment.TEST);
        step(name, () -> {
            ExternalId served = platform.target(alias).orElseThrow(() -> new DeploymentException(name, alias
                    + " is not deployed, so there is nothing to promote to prod", Fix.DEPLOY_TO_TEST_FIRST));
            Promotion promotion = new PromotionGate(manager, platform).promote(name, Environment.PROD,
                    OptionalInt.of(served.version()), false);
            log.accept(name + ": " + (promotion.created() ? "promoted " + promotion.version().promotedFrom() + " to "
                    + promotion.version().id() : promotion.version().id() + " already holds " + served.modelId()));
            return null;
        });
    }

    /** A step's work, whose failures all become one {@link DeploymentException} naming the model. */
    @FunctionalInterface
    private interface Step<T> {
        T run() throws DeploymentException, PlatformException, RegistryException, BundleException,
                ServiceTestException, IOException;
    }

    private static <T> T step(String model, Step<T> step) throws DeploymentException {
        try {
            return step.run();
        } catch (DeploymentException e) {
            throw e;
        } catch (PlatformException e) {
            throw new DeploymentException(model, "the platform failed: " + e.getMessage(), Fix.NONE, e);
        } catch (RegistryException | BundleException | ServiceTestException e) {
            throw new DeploymentException(model, e.getMessage(), Fix.NONE, e);
        } catch (IOException | UncheckedIOException e) {
            throw new DeploymentException(model, "a file could not be read or written: " + e.getMessage(), Fix.NONE,
                    e);
        }
    }
}
