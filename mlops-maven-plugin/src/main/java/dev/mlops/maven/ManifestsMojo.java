package dev.mlops.maven;

import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.deployment.Deployment;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.DeploymentPlan;
import dev.mlops.core.kubernetes.HostManifests;
import dev.mlops.core.kubernetes.KubernetesOptions;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Platform;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.store.ArtifactStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Writes the Kubernetes objects {@code mlops:deploy} would apply, as YAML, for teams that deploy through Git (Argo
 * CD, Flux): for each model on {@code platform: kubernetes}, {@code <externalId>.yaml} with the versioned
 * deployment's objects and {@code <alias>.yaml} with the alias's Service pointing at it, under
 * {@code target/mlops-manifests/<env>/}. The bundle each names is built as for a deployment and stored in the team's
 * store by its SHA-256, so the pods find it; nothing is applied to a cluster and no cluster is needed.
 */
@Mojo(name = "manifests", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ManifestsMojo extends AbstractImageMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.manifests.skip", defaultValue = "false")
    private boolean skipManifests;

    /**
     * The service: {@code prediction} (default), {@code training} or {@code all}; else {@code SERVICE_NAME}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.service")
    private String service;

    /**
     * Where the YAML goes; one folder per environment below it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.manifests.outputDirectory",
            defaultValue = "${project.build.directory}/mlops-manifests")
    private File outputDirectory;

    /**
     * The namespace written into every object.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.namespace", defaultValue = KubernetesOptions.DEFAULT_NAMESPACE)
    private String kubeNamespace;

    /**
     * The Secret holding the values of the settings' {@code secrets}, one key per name. Default
     * {@code <model>-secrets}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.secret")
    private String kubeSecret;

    /**
     * The Secret whose key {@code token} is the hosts' bearer token.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.tokenSecret", defaultValue = KubernetesOptions.DEFAULT_TOKEN_SECRET)
    private String kubeTokenSecret;

    /**
     * The Secret whose keys become the pods' environment for reaching the store.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.storeSecret")
    private String kubeStoreSecret;

    @Inject
    public ManifestsMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("manifests", skipManifests)) {
            return;
        }
        Settings settings = readSettings();
        List<ModelSettings> models = settings.models().stream()
                .filter(m -> model == null || model.isBlank() || m.modelName().equals(model.strip())).toList();
        if (models.isEmpty()) {
            throw new MojoFailureException("model '" + model + "' is not in " + settingsFile.getName()
                    + "; its models are " + String.join(", ", settings.models().stream()
                    .map(ModelSettings::modelName).toList()));
        }
        List<ModelSettings> onKubernetes = models.stream().filter(m -> m.platform() == Platform.KUBERNETES).toList();
        if (onKubernetes.isEmpty()) {
            throw new MojoFailureException("no model of " + settingsFile.getName() + (model == null ? "" : " named "
                    + model) + " is on platform kubernetes; set platform: kubernetes for the models to deploy"
                    + " through Git");
        }
        Environment environment = environment(Environment.DEV);
        ArtifactStore store = podStore();
        HostManifests manifests = new HostManifests(podOptions(kubeNamespace, hostImage(), kubeSecret,
                kubeTokenSecret, kubeStoreSecret));
        DeploymentPlan plan = new DeploymentPlan(onKubernetes, Optional.empty(), environment,
                services(service, true), modelClassPath(), GitCommit.of(project.getBasedir().toPath(),
                System.getenv()), who(), mlopsVersion, buildTime(), OptionalInt.empty(), false, false, false);
        Deployment deployment = deployment(0);
        Path folder = outputDirectory.toPath().resolve(environment.id());
        int written = 0;
        for (ModelSettings settingsOfModel : onKubernetes) {
            for (Service chosen : plan.services()) {
                if ((chosen == Service.TRAINING ? settingsOfModel.training() : settingsOfModel.prediction())
                        .isEmpty()) {
                    continue;
                }
                BuiltBundle bundle;
                try {
                    bundle = deployment.prepare(plan, settingsOfModel, chosen);
                } catch (DeploymentException e) {
                    throw new MojoFailureException(HelpfulSuggestions.of(e), e);
                }
                HostManifests.BundleLocation location = storeBundle(store, bundle.file());
                ExternalId id = bundle.id();
                List<HasMetadata> objects = new ArrayList<>(manifests.versioned(bundle.descriptor(), location,
                        settingsOfModel.resources()));
                write(folder.resolve(id + ".yaml"), objects);
                write(folder.resolve(id.alias() + ".yaml"), List.of(manifests.alias(id.alias(), id)));
                getLog().info(settingsOfModel.modelName() + ": " + folder.resolve(id + ".yaml") + " ("
                        + String.join(", ", objects.stream().map(HasMetadata::getKind).toList()) + ", bundle "
                        + location.sha256() + " in " + store.describe() + ") and " + folder.resolve(id.alias() + ".yaml"));
                written++;
            }
        }
        getLog().info(written + " versioned deployment(s) written for " + environment + " into " + folder);
    }

    private static void write(Path file, List<HasMetadata> objects) throws MojoFailureException {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, HostManifests.yaml(objects), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoFailureException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
