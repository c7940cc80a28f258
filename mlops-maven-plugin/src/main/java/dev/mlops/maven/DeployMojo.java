package dev.mlops.maven;

import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.DeploymentPlan;
import dev.mlops.core.deployment.DeploymentReport;
import dev.mlops.core.deployment.DeploymentSummary;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.kubernetes.KubernetesOptions;
import dev.mlops.core.kubernetes.KubernetesPlatform;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.settings.Platform;
import dev.mlops.core.settings.ServingResources;
import dev.mlops.core.store.ArtifactStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import dev.mlops.core.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Deploys every model of the settings (or {@code -Dmodel}), helpers before the models that use them: resolves the
 * artifact version ({@code dev}: the local {@code artifact_folder} as version 1; {@code test}: pinned or latest;
 * {@code prod}: pinned or latest promoted), builds the bundle, runs the service test, deploys
 * {@code <model>-<service>-<env>-<version>} and smoke-calls it, moves the alias {@code <model>-<service>-<env>} and
 * smoke-calls it (restoring the previous target on failure), records the deployment in the ledger for
 * {@code mlops:rollback}, and removes versioned deployments beyond {@code models_to_keep}. The environment comes from
 * {@code -Denv}, else {@code MODEL_ENV}, else {@code dev}. One model's failure does not stop the others; the build
 * fails at the end naming each. When the environment variable {@code GITHUB_STEP_SUMMARY} names a file (as in a
 * GitHub Actions job), a Markdown table of what was done (id, artifact version, SHA-256, previous target) is appended
 * to it.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class DeployMojo extends AbstractImageMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.deploy.skip", defaultValue = "false")
    private boolean skipDeploy;

    /**
     * The service: {@code prediction}, {@code training} or {@code all}. Default: the environment variable
     * {@code SERVICE_NAME}, else {@code prediction}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.service")
    private String service;

    /**
     * The port of the local platform's function host, when this goal starts it (a deployment starts one when none
     * runs and leaves it running); 0 picks a free one.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.port", defaultValue = "8080")
    private int port;

    /**
     * Stop after the service test and deploy nothing; also set by the environment variable {@code TESTING_ONLY=true}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.testingOnly", defaultValue = "false")
    private boolean testingOnly;

    /**
     * Print what would be deployed and change nothing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * With {@code -Denv=prod}: first promote the version the test alias serves to prod, then deploy it; the manual
     * prod run of the generated workflow does this.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.promote", defaultValue = "false")
    private boolean promote;

    /**
     * The artifact version to deploy to test or prod, overriding the settings' {@code artifact_version} for this
     * run.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.artifactVersion")
    private Integer artifactVersion;

    /**
     * For {@code platform: kubernetes}: the namespace of every object. Default: the kubeconfig context's namespace,
     * else {@code default}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.namespace")
    private String kubeNamespace;

    /**
     * For {@code platform: kubernetes}: the kubeconfig context to use; default its current context.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.context")
    private String kubeContext;

    /**
     * For {@code platform: kubernetes}: the kubeconfig file. Default: {@code KUBECONFIG}, else
     * {@code ~/.kube/config}, else the pod's service account when run inside a cluster.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.config")
    private File kubeConfig;

    /**
     * For {@code platform: kubernetes}: seconds a rollout may take until the Deployment's ready replicas equal its
     * replicas; after it, the deployment is undone and the goal says why.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.rolloutTimeout", defaultValue = "300")
    private int rolloutTimeout;

    /**
     * For {@code platform: kubernetes}: the Secret holding the values of the settings' {@code secrets}, one key per
     * name. Default {@code <model>-secrets}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.secret")
    private String kubeSecret;

    /**
     * For {@code platform: kubernetes}: the Secret whose key {@code token} is the hosts' bearer token.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.tokenSecret", defaultValue = "mlops-host-token")
    private String kubeTokenSecret;

    /**
     * For {@code platform: kubernetes}: the Secret whose keys become the pods' environment for reaching the store,
     * such as {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}; none when the pods have a role.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.storeSecret")
    private String kubeStoreSecret;

    private DeploymentPlatform kubernetes;

    @Inject
    public DeployMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected DeploymentPlatform platform(Platform chosen, int hostPort) throws MojoFailureException {
        if (chosen != Platform.KUBERNETES) {
            return super.platform(chosen, hostPort);
        }
        if (kubernetes == null) {
            kubernetes = kubernetesPlatform();
        }
        return kubernetes;
    }

    private DeploymentPlatform kubernetesPlatform() throws MojoFailureException {
        if (rolloutTimeout < 1) {
            throw new MojoFailureException("-Dmlops.kube.rolloutTimeout=" + rolloutTimeout + " is not a number of"
                    + " seconds");
        }
        ArtifactStore store = podStore();
        Map<String, ServingResources> resources = new HashMap<>();
        readSettings().models().forEach(m -> resources.put(m.modelName(), m.resources()));
        KubernetesClient client = Cluster.connect(kubeContext, kubeConfig, getLog());
        String namespace = Cluster.namespace(kubeNamespace, client);
        KubernetesOptions options = podOptions(namespace, dryRun ? plannedHostImage() : hostImage(), kubeSecret,
                kubeTokenSecret, kubeStoreSecret).withRolloutTimeout(Duration.ofSeconds(rolloutTimeout));
        getLog().info("platform kubernetes: namespace " + options.namespace() + ", image " + options.image()
                + ", bundles in " + store.describe());
        return new KubernetesPlatform(client, options, KubernetesPlatform.BundleUpload.to(store.address().toString(),
                bundle -> {
                    try {
                        return storeBundle(store, bundle).sha256();
                    } catch (MojoFailureException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }), Cluster.resources(resources));
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("deploy", skipDeploy)) {
            return;
        }
        Settings settings = readSettings();
        if (artifactVersion != null && artifactVersion < 1) {
            throw new MojoFailureException("-Dmlops.artifactVersion=" + artifactVersion + " is not a version;"
                    + " versions count from 1");
        }
        Environment environment = environment(Environment.DEV);
        DeploymentPlan plan = new DeploymentPlan(settings.models(), Optional.ofNullable(model), environment,
                services(service, true), modelClassPath(), GitCommit.of(project.getBasedir().toPath(), System.getenv()),
                who(), mlopsVersion, buildTime(), artifactVersion == null ? OptionalInt.empty()
                : OptionalInt.of(artifactVersion), testingOnly || "true".equalsIgnoreCase(System.getenv(
                "TESTING_ONLY")), dryRun, promote);
        DeploymentReport report = deployment(port).run(plan);
        writeJobSummary(report, environment);
        List<DeploymentException> failures = report.failures();
        failures.forEach(e -> getLog().error(HelpfulSuggestions.of(e)));
        if (!failures.isEmpty()) {
            throw new MojoFailureException("deployment to " + environment + " failed for " + failures.size()
                    + (failures.size() == 1 ? " service" : " services") + ":\n" + String.join("\n",
                    failures.stream().map(HelpfulSuggestions::of).toList()));
        }
        report.endpoints().forEach((platform, url) -> getLog().info("the " + platform + " platform serves on "
                + url));
    }

    /** In a GitHub Actions job, what was deployed where goes into the job's summary too. */
    private void writeJobSummary(DeploymentReport report, Environment environment) {
        String summary = System.getenv("GITHUB_STEP_SUMMARY");
        if (summary == null || summary.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(summary), DeploymentSummary.markdown(report, environment, dryRun),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            getLog().warn("cannot write the job summary to " + summary + ": " + e.getMessage());
        }
    }
}
