package dev.mlops.core.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ServingResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects that serve a versioned deployment on Kubernetes, and an alias's Service. Each versioned external id
 * is a Deployment of the function host's image whose pods download their bundle from the team's store by SHA-256
 * and verify it before they report ready, a Service in front of them, a HorizontalPodAutoscaler when the settings
 * ask for autoscaling, and a PodDisruptionBudget when more than one copy runs. An alias is a Service whose selector
 * names the versioned deployment it serves: moving it is one update of that selector.
 *
 * <p>The objects carry no secret value: the model's secrets and the host's token come from Secrets by reference.
 */
public final class HostManifests {

    /** The port the host listens on in its container. */
    public static final int HOST_PORT = 8080;
    /** The port of every Service. */
    public static final int SERVICE_PORT = 80;
    /** Annotation: the bundle's descriptor, as JSON, so any machine reading the cluster knows what it serves. */
    public static final String DESCRIPTOR = KubeNames.PREFIX + "descriptor";
    /** Annotation: the SHA-256 of the bundle a versioned deployment serves. */
    public static final String BUNDLE_SHA256 = KubeNames.PREFIX + "bundle-sha256";
    /** Annotation on an alias's Service: the external id it serves. */
    public static final String TARGET = KubeNames.PREFIX + "target";

    /** The uid and gid the host runs as: not root, the conventional "nonroot" of distroless images. */
    static final long USER = 65532;
    private static final String STATE = "/var/lib/mlops";

    private final KubernetesOptions options;

    public HostManifests(KubernetesOptions options) {
        this.options = options;
    }

    /**
     * Where a bundle waits for the pods: the store's address and the bundle's SHA-256 in it.
     *
     * @param store  the store's address, as the pods' hosts open it ({@code s3://bucket/prefix})
     * @param sha256 the bundle's SHA-256
     */
    public record BundleLocation(String store, String sha256) {
    }

    /** All objects of one versioned deployment, in the order they are applied. */
    public List<HasMetadata> versioned(BundleDescriptor descriptor, BundleLocation bundle,
                                       ServingResources resources) {
        ExternalId id = externalId(descriptor);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(deployment(descriptor, bundle, resources));
        objects.add(service(id));
        autoscaler(id, resources).ifPresent(objects::add);
        disruptionBudget(id, resources).ifPresent(objects::add);
        return objects;
    }

    /**
     * @return the Deployment of a versioned external id
     */
    public Deployment deployment(BundleDescriptor descriptor, BundleLocation bundle, ServingResources resources) {
        ExternalId id = externalId(descriptor);
        Map<String, String> labels = labels(id);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KubeNames.EXTERNAL_ID, id.toString());
        annotations.put(BUNDLE_SHA256, bundle.sha256());
        try {
            annotations.put(DESCRIPTOR, Json.DATA.writeValueAsString(descriptor));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a bundle descriptor is always JSON", e);
        }
        return new DeploymentBuilder()
                .withMetadata(metadata(KubeNames.objectName(id), labels, annotations))
                .withNewSpec()
                    .withReplicas(resources.replicas())
                    .withRevisionHistoryLimit(2)
                    .withNewSelector().addToMatchLabels(KubeNames.FUNCTION, KubeNames.objectName(id)).endSelector()
                    .withNewStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                            .withMaxUnavailable(new IntOrString(0))
                            .withMaxSurge(new IntOrString(1))
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels)
                            .addToAnnotations(KubeNames.EXTERNAL_ID, id.toString())
                            .addToAnnotations(BUNDLE_SHA256, bundle.sha256())
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(30L)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(USER)
                                .withRunAsGroup(USER)
                                .withFsGroup(USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(descriptor, bundle, resources))
                            .addNewVolume().withName("state").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private Container container(BundleDescriptor descriptor, BundleLocation bundle, ServingResources resources) {
        List<EnvVar> environment = new ArrayList<>();
        environment.add(new EnvVarBuilder().withName("MLOPS_HOST_TOKEN").withNewValueFrom()
                .withNewSecretKeyRef("token", options.tokenSecret(), true).endValueFrom().build());
        String secret = options.secretOf(descriptor.model());
        for (String name : descriptor.secrets()) {
            environment.add(new EnvVarBuilder().withName(name).withNewValueFrom()
                    .withNewSecretKeyRef(name, secret, false).endValueFrom().build());
        }
        options.storeEnvironment().forEach((name, value) -> environment.add(new EnvVar(name, value, null)));
        // The JVM takes three quarters of the container's memory for its heap, leaving the rest to the runtime.
        environment.add(new EnvVar("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75", null));
        ContainerBuilder container = new ContainerBuilder()
                .withName("host")
                .withImage(options.image())
                .withArgs("--deployments", STATE + "/deployments", "--bind", "0.0.0.0",
                        "--port", String.valueOf(HOST_PORT), "--bundle-store", bundle.store(),
                        "--bundle-sha256", bundle.sha256())
                .addNewPort().withName("http").withContainerPort(HOST_PORT).withProtocol("TCP").endPort()
                .withEnv(environment)
                .withReadinessProbe(probe("/v2/health/ready", 2, 3))
                .withLivenessProbe(probe("/v2/health/live", 10, 3))
                // The bundle is downloaded and loaded before the host answers: up to five minutes for a large one.
                .withStartupProbe(probe("/v2/health/live", 2, 150))
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("state").withMountPath(STATE).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
        options.storeSecret().ifPresent(name -> container.addNewEnvFrom().withNewSecretRef(name, false)
                .endEnvFrom());
        ResourceRequirementsBuilder requirements = new ResourceRequirementsBuilder();
        resources.cpu().ifPresent(cpu -> requirements.addToRequests("cpu", new Quantity(cpu)));
        resources.memory().ifPresent(memory -> {
            requirements.addToRequests("memory", new Quantity(memory));
            requirements.addToLimits("memory", new Quantity(memory));
        });
        if (resources.cpu().isPresent() || resources.memory().isPresent()) {
            container.withResources(requirements.build());
        }
        return container.build();
    }

    private static Probe probe(String path, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(period).withFailureThreshold(failures).withTimeoutSeconds(2).build();
    }

    /**
     * @return the Service in front of a versioned deployment's pods
     */
    public io.fabric8.kubernetes.api.model.Service service(ExternalId id) {
        return service(KubeNames.objectName(id), labels(id), Map.of(KubeNames.EXTERNAL_ID, id.toString()), id);
    }

    /**
     * @return an alias's Service, serving the pods of {@code target}
     */
    public io.fabric8.kubernetes.api.model.Service alias(Alias alias, ExternalId target) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeNames.NAME, KubeNames.labelValue(alias.model()));
        labels.put(KubeNames.MANAGED_BY, "mlops");
        labels.put(KubeNames.KIND, "alias");
        labels.put(KubeNames.FUNCTION, KubeNames.objectName(alias));
        labels.put(KubeNames.EXTERNAL_ID, KubeNames.labelValue(alias.toString()));
        labels.put(KubeNames.MODEL, KubeNames.labelValue(alias.model()));
        labels.put(KubeNames.SERVICE, alias.service().id());
        labels.put(KubeNames.ENV, alias.environment().id());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KubeNames.EXTERNAL_ID, alias.toString());
        annotations.put(TARGET, target.toString());
        return service(KubeNames.objectName(alias), labels, annotations, target);
    }

    private io.fabric8.kubernetes.api.model.Service service(String name, Map<String, String> labels, Map<String, String> annotations,
                            ExternalId pods) {
        return new ServiceBuilder()
                .withMetadata(metadata(name, labels, annotations))
                .withNewSpec()
                    .withType("ClusterIP")
                    .addToSelector(KubeNames.FUNCTION, KubeNames.objectName(pods))
                    .addNewPort().withName("http").withPort(SERVICE_PORT).withTargetPort(new IntOrString("http"))
                        .withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /**
     * @return the autoscaler of a versioned deployment, when the settings ask for autoscaling
     */
    public Optional<HorizontalPodAutoscaler> autoscaler(ExternalId id, ServingResources resources) {
        return resources.autoscaling().map(scaling -> new HorizontalPodAutoscalerBuilder()
                .withMetadata(metadata(KubeNames.objectName(id), labels(id),
                        Map.of(KubeNames.EXTERNAL_ID, id.toString())))
                .withNewSpec()
                    .withNewScaleTargetRef("apps/v1", "Deployment", KubeNames.objectName(id))
                    .withMinReplicas(scaling.min())
                    .withMaxReplicas(scaling.max())
                    .addNewMetric()
                        .withType("Resource")
                        .withNewResource()
                            .withName("cpu")
                            .withNewTarget().withType("Utilization").withAverageUtilization(scaling.targetCpu())
                            .endTarget()
                        .endResource()
                    .endMetric()
                .endSpec()
                .build());
    }

    /**
     * @return the disruption budget of a versioned deployment that runs more than one copy: a node's drain takes
     *         one copy at a time
     */
    public Optional<PodDisruptionBudget> disruptionBudget(ExternalId id, ServingResources resources) {
        int most = resources.autoscaling().map(ServingResources.Autoscaling::max).orElse(resources.replicas());
        if (most <= 1) {
            return Optional.empty();
        }
        return Optional.of(new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(KubeNames.objectName(id), labels(id),
                        Map.of(KubeNames.EXTERNAL_ID, id.toString())))
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().addToMatchLabels(KubeNames.FUNCTION, KubeNames.objectName(id)).endSelector()
                .endSpec()
                .build());
    }

    /**
     * @return the labels of a versioned deployment's objects and pods
     */
    public static Map<String, String> labels(ExternalId id) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeNames.NAME, KubeNames.labelValue(id.model()));
        labels.put(KubeNames.INSTANCE, KubeNames.objectName(id));
        labels.put(KubeNames.MANAGED_BY, "mlops");
        labels.put(KubeNames.KIND, "deployment");
        labels.put(KubeNames.FUNCTION, KubeNames.objectName(id));
        labels.put(KubeNames.EXTERNAL_ID, KubeNames.labelValue(id.toString()));
        labels.put(KubeNames.MODEL, KubeNames.labelValue(id.model()));
        labels.put(KubeNames.SERVICE, id.service().id());
        labels.put(KubeNames.ENV, id.environment().id());
        labels.put(KubeNames.VERSION, String.valueOf(id.version()));
        return labels;
    }

    private ObjectMeta metadata(String name, Map<String, String> labels, Map<String, String> annotations) {
        return new ObjectMetaBuilder().withName(name).withNamespace(options.namespace()).withLabels(labels)
                .withAnnotations(annotations).build();
    }

    static ExternalId externalId(BundleDescriptor descriptor) {
        return new ExternalId(descriptor.model(), Service.parse(descriptor.service()).orElseThrow(
                () -> new IllegalArgumentException("not a service: " + descriptor.service())),
                Environment.parse(descriptor.env()).orElseThrow(
                        () -> new IllegalArgumentException("not an environment: " + descriptor.env())),
                descriptor.version());
    }

    /**
     * @return objects as one YAML stream, each a document of its own ({@code ---} before each), as
     *         {@code kubectl apply -f} and Git-based deployment tools read them
     */
    public static String yaml(List<HasMetadata> objects) {
        io.fabric8.kubernetes.client.utils.KubernetesSerialization serialization =
                new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        StringBuilder text = new StringBuilder();
        for (HasMetadata object : objects) {
            String document = serialization.asYaml(object);
            text.append(document.startsWith("---") ? document : "---\n" + document);
            if (!document.endsWith("\n")) {
                text.append('\n');
            }
        }
        return text.toString();
    }
}
