package dev.mlops.core.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ServingResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The objects of a versioned deployment and an alias, checked field by field against the settings. */
class HostManifestsTest {

    private static final ExternalId ID = new ExternalId("model1", Service.PREDICTION, Environment.TEST, 3);
    private static final HostManifests.BundleLocation BUNDLE = new HostManifests.BundleLocation(
            "s3://team-bucket/mlops", "ab".repeat(32));
    private static final KubernetesOptions OPTIONS = KubernetesOptions.of("models", "registry.example/mlops-host:0.1.0")
            .withStore(Optional.of("mlops-store"), Map.of("MLOPS_S3_REGION", "eu-north-1"));
    private static final ServingResources SCALED = new ServingResources(2, Optional.of("500m"), Optional.of("1Gi"),
            Optional.of(new ServingResources.Autoscaling(2, 6, 70)));

    private static BundleDescriptor descriptor(ExternalId id, List<String> secrets) {
        return new BundleDescriptor(id.toString(), "Model 1", "d", "o", Map.of("round", "1"), id.model(),
                id.service().id(), id.environment().id(), id.version(), id.modelId(), "com.example.Model", "java", "",
                List.of(), Map.of(), 0, 17, "0.1.0", "sha-artifact", "", "2026-12-04T09:00:00Z", secrets, List.of(),
                List.of(), List.of(), null);
    }

    private final HostManifests manifests = new HostManifests(OPTIONS);

    @Test
    void theDeploymentRunsTheHostImageOnTheBundleItDownloadsBySha256() throws Exception {
        Deployment deployment = manifests.deployment(descriptor(ID, List.of()), BUNDLE, ServingResources.DEFAULT);
        assertThat(deployment.getMetadata().getName()).isEqualTo("model1-prediction-test-3");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("models");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "model1")
                .containsEntry("app.kubernetes.io/managed-by", "mlops")
                .containsEntry("mlops.dev/model", "model1").containsEntry("mlops.dev/service", "prediction")
                .containsEntry("mlops.dev/env", "test").containsEntry("mlops.dev/version", "3")
                .containsEntry("mlops.dev/external-id", "model1-prediction-test-3")
                .containsEntry("mlops.dev/function", "model1-prediction-test-3");
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry("mlops.dev/bundle-sha256", BUNDLE.sha256());
        BundleDescriptor stored = Json.DATA.readValue(deployment.getMetadata().getAnnotations()
                .get(HostManifests.DESCRIPTOR), BundleDescriptor.class);
        assertThat(stored).isEqualTo(descriptor(ID, List.of()));
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("mlops.dev/function", "model1-prediction-test-3"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        Container host = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(host.getImage()).isEqualTo("registry.example/mlops-host:0.1.0");
        assertThat(host.getArgs()).containsSubsequence("--bundle-store", "s3://team-bucket/mlops")
                .containsSubsequence("--bundle-sha256", BUNDLE.sha256())
                .containsSubsequence("--bind", "0.0.0.0").containsSubsequence("--port", "8080");
        assertThat(host.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
        assertThat(host.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/live");
        assertThat(host.getResources()).as("the cluster's defaults").isNull();
        assertThat(manifests.versioned(descriptor(ID, List.of()), BUNDLE, ServingResources.DEFAULT))
                .as("one copy: no autoscaler, no disruption budget").map(HasMetadata::getKind)
                .containsExactly("Deployment", "Service");
    }

    @Test
    void thePodIsRestrictedAndNeverRoot() {
        PodSpec pod = manifests.deployment(descriptor(ID, List.of()), BUNDLE, ServingResources.DEFAULT).getSpec()
                .getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Container host = pod.getContainers().get(0);
        assertThat(host.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(host.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(host.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(host.getVolumeMounts()).extracting("mountPath").containsExactly("/var/lib/mlops", "/tmp");
    }

    @Test
    void secretsAndTheTokenComeFromSecretsByReferenceNeverAsValues() {
        Deployment deployment = manifests.deployment(descriptor(ID, List.of("API_KEY", "DB_PASSWORD")), BUNDLE,
                ServingResources.DEFAULT);
        Container host = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> environment = new java.util.LinkedHashMap<>();
        host.getEnv().forEach(e -> environment.put(e.getName(), e));
        for (String name : List.of("API_KEY", "DB_PASSWORD")) {
            assertThat(environment.get(name).getValue()).isNull();
            assertThat(environment.get(name).getValueFrom().getSecretKeyRef().getName()).isEqualTo("model1-secrets");
            assertThat(environment.get(name).getValueFrom().getSecretKeyRef().getKey()).isEqualTo(name);
            assertThat(environment.get(name).getValueFrom().getSecretKeyRef().getOptional()).isFalse();
        }
        assertThat(environment.get("MLOPS_HOST_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("mlops-host-token");
        assertThat(environment.get("MLOPS_S3_REGION").getValue()).isEqualTo("eu-north-1");
        assertThat(host.getEnvFrom()).singleElement().satisfies(from ->
                assertThat(from.getSecretRef().getName()).isEqualTo("mlops-store"));
        assertThat(new KubernetesSerialization().asYaml(deployment)).doesNotContain("value: \"k-");
    }

    @Test
    void resourcesReplicasAutoscalingAndDisruptionBudgetFollowTheSettings() {
        List<HasMetadata> objects = manifests.versioned(descriptor(ID, List.of()), BUNDLE, SCALED);
        assertThat(objects).map(HasMetadata::getKind)
                .containsExactly("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        Deployment deployment = (Deployment) objects.get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Container host = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(host.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("500m"),
                "memory", new Quantity("1Gi")));
        assertThat(host.getResources().getLimits()).as("memory is limited, CPU is not throttled")
                .isEqualTo(Map.of("memory", new Quantity("1Gi")));
        HorizontalPodAutoscaler autoscaler = (HorizontalPodAutoscaler) objects.get(2);
        assertThat(autoscaler.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("model1-prediction-test-3");
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(autoscaler.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(autoscaler.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .isEqualTo(70);
        PodDisruptionBudget budget = (PodDisruptionBudget) objects.get(3);
        assertThat(budget.getApiVersion()).isEqualTo("policy/v1");
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("mlops.dev/function", "model1-prediction-test-3"));
        ServingResources three = new ServingResources(3, Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(manifests.versioned(descriptor(ID, List.of()), BUNDLE, three)).map(HasMetadata::getKind)
                .containsExactly("Deployment", "Service", "PodDisruptionBudget");
    }

    @Test
    void theVersionedServiceAndTheAliasSelectTheVersionsPods() {
        io.fabric8.kubernetes.api.model.Service versioned = manifests.service(ID);
        assertThat(versioned.getMetadata().getName()).isEqualTo("model1-prediction-test-3");
        assertThat(versioned.getSpec().getSelector()).isEqualTo(Map.of("mlops.dev/function",
                "model1-prediction-test-3"));
        assertThat(versioned.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(versioned.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        Alias alias = ID.alias();
        io.fabric8.kubernetes.api.model.Service aliasService = manifests.alias(alias, ID);
        assertThat(aliasService.getMetadata().getName()).isEqualTo("model1-prediction-test");
        assertThat(aliasService.getMetadata().getLabels()).containsEntry("mlops.dev/kind", "alias");
        assertThat(aliasService.getMetadata().getAnnotations()).containsEntry("mlops.dev/target",
                "model1-prediction-test-3");
        assertThat(aliasService.getSpec().getSelector()).isEqualTo(versioned.getSpec().getSelector());
    }

    @Test
    void namesThatCannotBeObjectNamesAreMadeSoWithoutColliding() {
        ExternalId upper = new ExternalId("Wells_AC", Service.PREDICTION, Environment.PROD, 12);
        String name = KubeNames.objectName(upper);
        assertThat(name).matches("wells-ac-prediction-prod-12-[0-9a-f]{8}");
        ExternalId lower = new ExternalId("wells_ac", Service.PREDICTION, Environment.PROD, 12);
        assertThat(KubeNames.objectName(lower)).isNotEqualTo(name).startsWith("wells-ac-prediction-prod-12-");
        ExternalId longest = new ExternalId("m".repeat(128), Service.TRAINING, Environment.TEST, 999);
        assertThat(KubeNames.objectName(longest)).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
        Deployment deployment = manifests.deployment(descriptor(upper, List.of()), BUNDLE, ServingResources.DEFAULT);
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry("mlops.dev/external-id",
                "Wells_AC-prediction-prod-12");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("mlops.dev/model", "Wells_AC")
                .containsEntry("mlops.dev/external-id", "Wells_AC-prediction-prod-12");
        assertThat(KubeNames.labelValue("m".repeat(128))).hasSizeLessThanOrEqualTo(63);
        assertThat(OPTIONS.secretOf("Wells_AC")).as("a name the user can type when creating it")
                .isEqualTo("wells-ac-secrets");
    }

    @Test
    void theObjectsReadBackFromTheirYaml() {
        KubernetesSerialization yaml = new KubernetesSerialization();
        for (HasMetadata object : manifests.versioned(descriptor(ID, List.of("API_KEY")), BUNDLE, SCALED)) {
            HasMetadata read = yaml.unmarshal(yaml.asYaml(object));
            assertThat(read).isEqualTo(object);
        }
    }
}
