package dev.mlops.core.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.ExternalId;
import dev.mlops.core.bundle.Libraries;
import dev.mlops.core.bundle.Service;
import dev.mlops.core.json.Json;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.store.Progress;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.servicetest.ServiceTest;
import dev.mlops.core.servicetest.ServiceTestCase;
import dev.mlops.core.servicetest.ServiceTestException;
import dev.mlops.core.servicetest.ServiceTestFile;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.servicetest.ServiceTestReport;
import dev.mlops.core.servicetest.ServiceTestResult;
import dev.mlops.core.settings.Environment;
import dev.mlops.core.settings.HelperModel;
import dev.mlops.core.settings.ModelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Deploys one service of one model to the local platform, in the steps of the design: resolve the artifact version,
 * build the bundle, service-test it, deploy {@code <model>-<service>-<env>-<version>} and smoke-call it, move the
 * alias {@code <model>-<service>-<env>} and smoke-call that (restoring the previous target on failure), record the
 * deployment, and remove versioned deployments beyond {@code models_to_keep}.
 */
public final class ModelDeployment {

    private static final Duration SERVED_WITHIN = Duration.ofSeconds(30);

    /**
     * What to deploy and how.
     *
     * @param model        the model's settings
     * @param service      the service
     * @param env          the environment
     * @param classPath    the project's jar (or classes) and runtime dependencies
     * @param gitCommit    the commit being deployed
     * @param who          who deploys
     * @param mlopsVersion the version of mlops deploying
     * @param createdTime  the bundle's time: the build's start, so that the bundle {@code mlops:service-test} tested
     *                     earlier in the build has the same bytes
     * @param testingOnly  stop after the service test
     * @param dryRun       only say what would be done
     */
    public record Request(ModelSettings model, Service service, Environment env, List<Path> classPath,
                          Optional<String> gitCommit, String who, String mlopsVersion, Instant createdTime,
                          boolean testingOnly, boolean dryRun) {
    }

    /**
     * A bundle built for deployment.
     *
     * @param id         the external id it deploys as
     * @param bundle     the bundle file
     * @param descriptor what it says about itself
     */
    public record Prepared(ExternalId id, Path bundle, BundleDescriptor descriptor) {
    }

    private final ModelManager manager;
    private final DeploymentPlatform platform;
    private final List<Path> hostClassPath;
    private final Path work;
    private final ServiceTestPasses passes;
    private final Consumer<String> log;

    /**
     * @param manager       where test and prod artifacts come from
     * @param platform      where services are deployed
     * @param hostClassPath the class path of the service test's host
     * @param work          a folder for bundles, downloaded artifacts and service-test reports
     * @param passes        the service tests passed earlier in the build, not run again
     * @param log           where progress is told
     */
    public ModelDeployment(ModelManager manager, DeploymentPlatform platform, List<Path> hostClassPath, Path work,
                           ServiceTestPasses passes, Consumer<String> log) {
        this.manager = manager;
        this.platform = platform;
        this.hostClassPath = hostClassPath;
        this.work = work;
        this.passes = passes;
        this.log = log;
    }

    /**
     * @return the external id deployed (or tested, or planned)
     * @throws DeploymentException saying which step failed and what still serves
     */
    public String deploy(Request request) throws DeploymentException {
        ModelSettings model = request.model();
        String name = model.modelName();
        try {
            // 1. the artifact version
            if (!request.testingOnly()) {
                checkHelpers(model, request.env(), request.classPath());
            }
            if (request.dryRun()) {
                ExternalId planned = externalId(request);
                log.accept(name + ": would deploy " + planned + " (artifact " + planned.modelId() + ")"
                        + (request.testingOnly() ? ", service test only" : ", then point " + planned.alias()
                        + " at it"));
                return planned.toString();
            }
            // 2. the bundle
            Prepared prepared = prepare(request);
            ExternalId id = prepared.id();
            String alias = id.alias();
            int version = id.version();
            Path bundle = prepared.bundle();
            BundleDescriptor descriptor = prepared.descriptor();
            // 3. the service test
            List<ServiceTestCase> cases = serviceTest(model, request.service(), id, bundle);
            if (request.testingOnly()) {
                log.accept(name + ": service test passed; nothing deployed (testing only)");
                return id.toString();
            }
            // 4. the versioned deployment and its smoke call; a redeployment of the same id (dev is always
            // version 1) keeps the bundle it replaces, to put back if the new one fails
            Optional<Path> replaced = platform.setAside(id.toString());
            platform.deploy(bundle, id.toString());
            String smokeBody = cases.isEmpty() ? null : Json.DATA.writeValueAsString(cases.get(0).request());
            Optional<String> broken = smoke(id.toString(), smokeBody, descriptor);
            if (broken.isPresent()) {
                if (replaced.isPresent()) {
                    platform.putBack(id.toString(), replaced.get());
                } else {
                    platform.remove(id.toString());
                }
                throw new DeploymentException(name + ": the smoke call of " + id + " failed (" + broken.get()
                        + "); " + (replaced.isPresent() ? "the bundle it replaced was put back" : "it was removed")
                        + " and " + alias + " still points where it did");
            }
            if (replaced.isPresent()) {
                Files.deleteIfExists(replaced.get());
            }
            // Noted in the store too, so that a deletion asked for from another machine sharing it refuses.
            manager.recordServing(id.modelId(), descriptor.artifactSha256(), id.toString(), platform.where());
            // 5. the alias, smoke-called, restored on failure
            Optional<AliasFile> previous = platform.alias(alias);
            platform.moveAlias(new AliasFile(alias, id.toString(), version));
            Optional<String> aliasBroken = smoke(alias, smokeBody, descriptor);
            if (aliasBroken.isPresent()) {
                if (previous.isPresent()) {
                    platform.moveAlias(previous.get());
                } else {
                    platform.remove(alias);
                }
                throw new DeploymentException(name + ": the smoke call of " + alias + " failed (" + aliasBroken.get()
                        + "); it points to " + previous.map(AliasFile::target).orElse("nothing") + " again");
            }
            // 6. the record
            platform.record(new DeploymentRecord("deploy", alias, id.toString(),
                    previous.map(AliasFile::target).orElse(""), version, id.modelId(), descriptor.artifactSha256(),
                    request.gitCommit().orElse(""), request.who(), Instant.now().truncatedTo(ChronoUnit.MILLIS)
                    .toString()));
            log.accept(name + ": deployed " + id + "; " + alias + " points to it"
                    + previous.map(p -> " (was " + p.target() + ")").orElse(""));
            // 7. old versions
            if (!model.keepAllModels()) {
                List<BundleDescriptor> others = platform.versions(alias).stream()
                        .filter(d -> !d.externalId().equals(id.toString())).toList();
                for (BundleDescriptor old : others.subList(0, Math.max(0, others.size() - model.modelsToKeep()))) {
                    platform.remove(old.externalId());
                    manager.forgetServing(old.modelId(), old.externalId(), platform.where());
                    log.accept(name + ": removed " + old.externalId() + " (models_to_keep: " + model.modelsToKeep()
                            + ")");
                }
            }
            return id.toString();
        } catch (RegistryException | BundleException | ServiceTestException e) {
            throw new DeploymentException(name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DeploymentException(name + ": the local platform failed: " + e.getMessage(), e);
        }
    }

    /**
     * Steps 1 and 2: resolves the artifact version ({@code dev}: the local {@code artifact_folder} as version 1;
     * {@code test}: pinned or latest; {@code prod}: pinned or latest, promoted) and builds the bundle that would be
     * deployed. {@code mlops:service-test} tests this bundle.
     */
    public Prepared prepare(Request request) throws DeploymentException {
        ModelSettings model = request.model();
        String name = model.modelName();
        try {
            ExternalId id;
            Optional<Path> artifactFolder = model.artifactFolder();
            if (request.env() == Environment.DEV) {
                id = externalId(request);
                if (artifactFolder.isPresent() && !Files.exists(artifactFolder.get())) {
                    fetchDevelopmentArtifact(name, artifactFolder.get());
                }
            } else {
                ArtifactVersion artifact = resolve(model, request.env());
                id = new ExternalId(name, request.service(), request.env(), artifact.version());
                Path target = work.resolve("artifacts").resolve(id.toString());
                manager.download(name, request.env(), OptionalInt.of(id.version()), target, true, Progress.NONE);
                artifactFolder = Optional.of(target);
                log.accept(name + ": artifact " + artifact.id() + " (sha256 " + artifact.sha256() + ")");
            }
            Path bundle = work.resolve("bundles").resolve(id + BundleWriter.EXTENSION);
            BundleDescriptor descriptor = BundleWriter.write(new BundleSource(model, id, request.classPath(),
                    artifactFolder, request.gitCommit().orElse(""), request.createdTime(), request.mlopsVersion()),
                    bundle);
            return new Prepared(id, bundle, descriptor);
        } catch (RegistryException | BundleException e) {
            throw new DeploymentException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fresh clone has no {@code artifact_folder} (it is not in git): like the Python framework, fill it with the
     * latest {@code dev} version of the Model Manager, if there is one; without one, the bundle says how to make it.
     */
    private void fetchDevelopmentArtifact(String name, Path folder) throws RegistryException {
        Optional<ArtifactVersion> latest = manager.latest(name, Environment.DEV);
        if (latest.isPresent()) {
            manager.download(name, Environment.DEV, OptionalInt.of(latest.get().version()), folder, false,
                    Progress.NONE);
            log.accept(name + ": artifact_folder " + folder.getFileName() + " was missing; downloaded "
                    + latest.get().id() + " into it");
        }
    }

    private ExternalId externalId(Request request) throws DeploymentException, RegistryException {
        ModelSettings model = request.model();
        String name = model.modelName();
        if (request.env() != Environment.DEV) {
            return new ExternalId(name, request.service(), request.env(), resolve(model, request.env()).version());
        }
        if (model.artifactVersion().isPresent() && model.artifactVersion().getAsInt() != 1) {
            throw new DeploymentException(name + ": artifact_version " + model.artifactVersion().getAsInt()
                    + " applies to test and prod; dev deploys the local artifact_folder as " + name + "/dev/1");
        }
        return new ExternalId(name, request.service(), request.env(), 1);
    }

    /**
     * Each of {@code helper_models} must be deployed in its environment (by default the one deployed to), and every
     * library that the helper's deployment and this model both use must be the same version in both.
     */
    private void checkHelpers(ModelSettings model, Environment env, List<Path> classPath)
            throws DeploymentException, IOException, BundleException {
        if (model.helperModels().isEmpty()) {
            return;
        }
        Map<String, String> ours = null;
        List<String> problems = new ArrayList<>();
        for (HelperModel helper : model.helperModels()) {
            Environment helperEnv = helper.environment().orElse(env);
            String alias = helper.modelName() + "-" + Service.PREDICTION.id() + "-" + helperEnv.id();
            String target = helper.version().isPresent() ? alias + "-" + helper.version().getAsInt() : alias;
            Optional<BundleDescriptor> deployed = platform.deployed(target);
            if (deployed.isEmpty()) {
                problems.add("helper model " + helper.modelName() + " is not deployed as " + target + " on the "
                        + platform.name() + " platform; deploy it first");
                continue;
            }
            if (ours == null) {
                ours = Libraries.versions(Libraries.of(classPath));
            }
            Map<String, String> theirs = Libraries.versions(deployed.get().libraries() == null ? List.of()
                    : deployed.get().libraries());
            for (Map.Entry<String, String> library : ours.entrySet()) {
                String other = theirs.get(library.getKey());
                if (other != null && !other.equals(library.getValue())) {
                    problems.add("helper model " + helper.modelName() + ": " + library.getKey() + " is "
                            + library.getValue() + " here but " + other + " in " + deployed.get().externalId()
                            + "; use the same version in both");
                }
            }
            log.accept(model.modelName() + ": helper " + helper.modelName() + " is deployed as "
                    + deployed.get().externalId());
        }
        if (!problems.isEmpty()) {
            throw new DeploymentException(model.modelName() + ": " + String.join("; ", problems)
                    + "; nothing was deployed");
        }
    }

    /**
     * Points an alias back at the deployment before the current one, or at {@code version}.
     *
     * @return the deployment the alias points to now
     */
    public String rollback(String model, Service service, Environment env, OptionalInt version, String who)
            throws DeploymentException {
        String alias = model + "-" + service.id() + "-" + env.id();
        try {
            AliasFile current = platform.alias(alias).orElseThrow(() -> new DeploymentException(alias
                    + " is not deployed; there is nothing to roll back"));
            String target;
            if (version.isPresent()) {
                target = alias + "-" + version.getAsInt();
            } else {
                List<DeploymentRecord> records = platform.records(alias);
                target = records.stream().filter(r -> r.target().equals(current.target()))
                        .reduce((first, second) -> second).map(DeploymentRecord::previousTarget).orElse("");
                if (target.isEmpty()) {
                    throw new DeploymentException(alias + " points to " + current.target() + ", its first"
                            + " deployment; there is no previous one (name one with -Dversion)");
                }
            }
            String wanted = target;
            BundleDescriptor descriptor = platform.versions(alias).stream()
                    .filter(d -> d.externalId().equals(wanted)).findFirst()
                    .orElseThrow(() -> new DeploymentException(wanted + " is no longer deployed (models_to_keep"
                            + " removed it); deploy that version again instead"));
            platform.moveAlias(new AliasFile(alias, target, descriptor.version()));
            Optional<String> broken = smoke(alias, null, descriptor);
            if (broken.isPresent()) {
                platform.moveAlias(current);
                throw new DeploymentException("the smoke call of " + alias + " after rolling back failed ("
                        + broken.get() + "); it points to " + current.target() + " again");
            }
            platform.record(new DeploymentRecord("rollback", alias, target, current.target(), descriptor.version(),
                    descriptor.modelId(), descriptor.artifactSha256(), descriptor.gitCommit(), who,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()));
            return target;
        } catch (IOException e) {
            throw new DeploymentException(alias + ": the local platform failed: " + e.getMessage(), e);
        }
    }

    private ArtifactVersion resolve(ModelSettings model, Environment env) throws RegistryException,
            DeploymentException {
        String name = model.modelName();
        ArtifactVersion version = model.artifactVersion().isPresent()
                ? manager.find(name, env, model.artifactVersion().getAsInt())
                : manager.latest(name, env).orElseThrow(() -> new DeploymentException(name + ": no artifact of "
                        + name + " in " + env + (env == Environment.PROD
                        ? "; prod deploys only promoted versions: mvn mlops:promote -Dmodel=" + name + " -Denv=prod"
                        : "; upload one (mvn mlops:upload -Dmodel=" + name + " -Denv=test) or promote one from"
                        + " dev (mvn mlops:promote -Dmodel=" + name + ")")));
        if (env == Environment.PROD && version.promotedFrom().isEmpty()) {
            throw new DeploymentException(name + ": " + version.id() + " was not promoted; prod deploys only"
                    + " promoted versions");
        }
        return version;
    }

    private List<ServiceTestCase> serviceTest(ModelSettings model, Service service, ExternalId id, Path bundle)
            throws ServiceTestException, DeploymentException, IOException {
        if (service != Service.PREDICTION || model.testFile().isEmpty()) {
            log.accept(model.modelName() + ": no service test for " + id + (model.testFile().isEmpty()
                    ? " (test_file: null)" : ""));
            return List.of();
        }
        List<ServiceTestCase> cases = ServiceTestFile.read(model.testFile().get());
        if (passes.passed(id.toString(), bundle, model.testFile().get())) {
            log.accept(model.modelName() + ": service test of " + id + " passed earlier in this build"
                    + " (mlops:service-test); not run again");
            return cases;
        }
        Path folder = work.resolve("service-test").resolve(id.toString());
        ServiceTest.Suite suite = new ServiceTest.Suite(id.toString(), bundle, cases);
        List<ServiceTestResult> results = ServiceTest.run(hostClassPath, folder, List.of(suite),
                Duration.ofSeconds(60)).get(id.toString());
        ServiceTestReport.write(work.resolve("service-test-reports").resolve("TEST-" + id + ".xml"), id.toString(),
                results);
        for (ServiceTestResult result : results) {
            if (result.failure().isPresent()) {
                throw new DeploymentException(model.modelName() + ": the service test of " + id + " failed at "
                        + result.testCase().name() + ": " + result.failure().get() + "\n"
                        + ServiceTestReport.describe(result) + "\nnothing was deployed");
            }
        }
        passes.record(id.toString(), bundle, model.testFile().get());
        log.accept(model.modelName() + ": service test of " + id + " passed (" + results.size() + " requests)");
        return cases;
    }

    /**
     * Waits until the host serves {@code externalId} from the bundle just deployed (pointing at {@code target}, with
     * that bundle's {@code created_time} and {@code artifact_sha256}: a redeployment keeps the same id, and the old
     * bundle answers until the host has swapped it), then checks it: ready, and with a request, an ok answer from
     * {@code modelId}.
     *
     * @return why the function does not answer as it should; empty when it does
     */
    private Optional<String> smoke(String externalId, String body, BundleDescriptor target) throws IOException {
        long deadline = System.nanoTime() + SERVED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> listed = platform.describe(externalId);
            boolean current = listed.isPresent()
                    && listed.get().path("alias_of").asText(listed.get().path("external_id").asText())
                    .equals(target.externalId())
                    && listed.get().path("created_time").asText().equals(target.createdTime())
                    && listed.get().path("artifact_sha256").asText().equals(target.artifactSha256());
            if (current) {
                JsonNode function = listed.get();
                if (!function.path("status").asText().equals("ready")) {
                    return Optional.of(function.path("status").asText() + ": "
                            + function.path("error_message").asText());
                }
                if (body == null) {
                    return Optional.empty();
                }
                DeploymentPlatform.Answer answer = platform.call(externalId, body, SERVED_WITHIN);
                JsonNode json = parse(answer.body());
                boolean ok = answer.status() == 200 && json != null && json.path("status").asText().equals("ok")
                        && json.path("model_id").asText().equals(target.modelId());
                return ok ? Optional.empty() : Optional.of("HTTP " + answer.status() + " " + answer.body());
            }
            LocalPlatform.sleep();
        }
        return Optional.of("not served within " + SERVED_WITHIN.toSeconds() + " s");
    }

    private static JsonNode parse(String body) {
        try {
            return Json.DATA.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
