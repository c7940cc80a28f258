package dev.mlops.core.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.files.FolderTree;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.platform.Replacement;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.settings.ServingResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Kubernetes platform: each versioned external id the objects of {@link HostManifests}, each alias a Service
 * whose selector names the pods it serves, the ledger a ConfigMap per alias, calls through the API server's service
 * proxy (so no ingress is needed from CI). Replicas, autoscaling and rollouts are the cluster's.
 */
public final class KubernetesPlatform implements DeploymentPlatform {

    /** The platform's name in the settings. */
    public static final String NAME = "kubernetes";
    /** The ConfigMap key holding an alias's ledger, as JSON Lines. */
    static final String LEDGER_KEY = "ledger.jsonl";
    /** The newest records a ledger keeps: a ConfigMap holds at most 1 MiB. */
    static final int LEDGER_RECORDS = 2_000;

    /** Puts a bundle where the pods fetch it from: the team's store, by SHA-256. */
    public interface BundleUpload {
        /** @return the store's address, as the pods' hosts open it ({@code s3://bucket/prefix}) */
        String store();

        /**
         * Stores a bundle by its SHA-256, once.
         *
         * @return its SHA-256, by which the pods fetch it
         */
        String put(java.nio.file.Path bundle) throws IOException;

        /** @return the upload to a store's address, storing with {@code put} */
        static BundleUpload to(String store, Put put) {
            return new BundleUpload() {
                @Override
                public String store() {
                    return store;
                }

                @Override
                public String put(java.nio.file.Path bundle) throws IOException {
                    return put.put(bundle);
                }
            };
        }

        /** Stores a bundle's file by its SHA-256 and returns the SHA-256. */
        @FunctionalInterface
        interface Put {
            String put(java.nio.file.Path bundle) throws IOException;
        }
    }

    private final KubernetesClient client;
    private final KubernetesOptions options;
    private final HostManifests manifests;
    private final BundleUpload upload;
    private final Function<String, ServingResources> resources;
    private final Duration poll;
    private Optional<String> token;

    /**
     * @param resources what each model's services run with, by model name (from its settings)
     */
    public KubernetesPlatform(KubernetesClient client, KubernetesOptions options, BundleUpload upload,
                              Function<String, ServingResources> resources) {
        this(client, options, upload, resources, Duration.ofMillis(500));
    }

    KubernetesPlatform(KubernetesClient client, KubernetesOptions options, BundleUpload upload,
                       Function<String, ServingResources> resources, Duration poll) {
        this.client = client;
        this.options = options;
        this.manifests = new HostManifests(options);
        this.upload = upload;
        this.resources = resources;
        this.poll = poll;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean showsPlannedObjects() {
        return true;
    }

    /**
     * @return the objects a deployment of the bundle would apply, as YAML: its versioned objects, then its alias's
     *         Service pointing at it; nothing is stored or applied
     */
    @Override
    public Optional<String> plannedObjects(BuiltBundle bundle) throws PlatformException {
        HostManifests.BundleLocation location;
        try {
            location = new HostManifests.BundleLocation(upload.store(), FolderTree.sha256(bundle.file()));
        } catch (IOException e) {
            throw new PlatformException("cannot read the bundle of " + bundle.id() + ": " + e.getMessage(), e);
        }
        List<HasMetadata> objects = new ArrayList<>(manifests.versioned(bundle.descriptor(), location,
                resources.apply(bundle.id().model())));
        objects.add(manifests.alias(bundle.id().alias(), bundle.id()));
        return Optional.of(HostManifests.yaml(objects));
    }

    @Override
    public Replacement deploy(BuiltBundle bundle) throws PlatformException {
        ExternalId id = bundle.id();
        HostManifests.BundleLocation location;
        try {
            location = new HostManifests.BundleLocation(upload.store(), upload.put(bundle.file()));
        } catch (IOException e) {
            throw new PlatformException("cannot upload the bundle of " + id + " for the cluster's pods: "
                    + e.getMessage(), e);
        }
        List<HasMetadata> previous = objects(id);
        ServingResources serving = resources.apply(id.model());
        List<HasMetadata> next = manifests.versioned(bundle.descriptor(), location, serving);
        Replacement replacement = new Replacement() {
            @Override
            public void restore() throws PlatformException {
                removeObjects(id);
                for (HasMetadata object : previous) {
                    apply(strip(object));
                }
            }

            @Override
            public void keep() {
                // what it replaced is gone with the apply
            }
        };
        // Objects the new settings no longer ask for (an autoscaler, a disruption budget) go.
        for (HasMetadata old : previous) {
            if (next.stream().noneMatch(n -> n.getKind().equals(old.getKind()))) {
                delete(old);
            }
        }
        for (HasMetadata object : next) {
            apply(object);
        }
        Optional<String> stuck = awaitRollout(id, serving.replicas());
        if (stuck.isPresent()) {
            replacement.restore();
            throw new PlatformException(id + " did not become ready within " + seconds(options.rolloutTimeout())
                    + " (-Dmlops.kube.rolloutTimeout): " + stuck.get() + " What it served before was put back.");
        }
        return replacement;
    }

    /** Waits until the Deployment's ready replicas equal its replicas; else says why not. */
    private Optional<String> awaitRollout(ExternalId id, int replicas) throws PlatformException {
        String name = KubeNames.objectName(id);
        long deadline = System.nanoTime() + options.rolloutTimeout().toNanos();
        while (true) {
            Deployment deployment = deployment(name);
            if (deployment != null && deployment.getStatus() != null) {
                Integer ready = deployment.getStatus().getReadyReplicas();
                Integer wanted = deployment.getSpec().getReplicas();
                Long observed = deployment.getStatus().getObservedGeneration();
                Long generation = deployment.getMetadata().getGeneration();
                boolean current = observed == null || generation == null || observed >= generation;
                if (current && ready != null && ready >= (wanted == null ? replicas : wanted)) {
                    return Optional.empty();
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.of(diagnosis(id));
            }
            sleep(poll);
        }
    }

    /** One paragraph: why the pods of a versioned deployment are not ready. */
    String diagnosis(ExternalId id) throws PlatformException {
        List<Pod> pods = call(() -> client.pods().inNamespace(options.namespace())
                .withLabel(KubeNames.FUNCTION, KubeNames.objectName(id)).list().getItems());
        if (pods.isEmpty()) {
            return "no pod was created for it; look at the Deployment's events (kubectl describe deployment "
                    + KubeNames.objectName(id) + " -n " + options.namespace() + ").";
        }
        for (Pod pod : pods) {
            for (PodCondition condition : pod.getStatus() == null || pod.getStatus().getConditions() == null
                    ? List.<PodCondition>of() : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                    return "its pod " + pod.getMetadata().getName() + " cannot be scheduled ("
                            + condition.getReason() + ": " + condition.getMessage() + "); lower cpu or memory in the"
                            + " settings, or add nodes.";
                }
            }
            for (ContainerStatus container : pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                    ? List.<ContainerStatus>of() : pod.getStatus().getContainerStatuses()) {
                var waiting = container.getState() == null ? null : container.getState().getWaiting();
                String reason = waiting == null ? "" : String.valueOf(waiting.getReason());
                if (reason.equals("ImagePullBackOff") || reason.equals("ErrImagePull")
                        || reason.equals("InvalidImageName")) {
                    return "the host's image " + options.image() + " cannot be pulled (" + reason
                            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage())
                            + "); check the image and the cluster's pull secret.";
                }
                if (reason.equals("CrashLoopBackOff") || container.getRestartCount() != null
                        && container.getRestartCount() > 0) {
                    return "its host keeps stopping (" + (reason.isEmpty() ? "restarted "
                            + container.getRestartCount() + " times" : reason) + "); the last lines of its log: "
                            + lastLines(pod) + ".";
                }
            }
        }
        return "its pods run but their readiness probe (/v2/health/ready) fails: the host has not loaded its bundle;"
                + " the last lines of a pod's log: " + lastLines(pods.get(0)) + ".";
    }

    private String lastLines(Pod pod) {
        try {
            String log = client.pods().inNamespace(options.namespace()).withName(pod.getMetadata().getName())
                    .tailingLines(5).getLog();
            return log == null || log.isBlank() ? "(empty)" : "\"" + log.strip().replace("\n", " | ") + "\"";
        } catch (KubernetesClientException e) {
            return "(not readable: " + e.getMessage() + ")";
        }
    }

    @Override
    public Optional<ExternalId> target(Alias alias) throws PlatformException {
        Service service = aliasService(alias);
        if (service == null) {
            return Optional.empty();
        }
        String target = service.getMetadata().getAnnotations() == null ? null
                : service.getMetadata().getAnnotations().get(HostManifests.TARGET);
        return FunctionId.parse(target == null ? "" : target).filter(ExternalId.class::isInstance)
                .map(ExternalId.class::cast);
    }

    @Override
    public void point(Alias alias, ExternalId target) throws PlatformException {
        apply(manifests.alias(alias, target));
    }

    @Override
    public void remove(FunctionId id) throws PlatformException {
        if (id instanceof ExternalId versioned) {
            removeObjects(versioned);
        } else {
            call(() -> client.services().inNamespace(options.namespace()).withName(KubeNames.objectName(id))
                    .delete());
        }
    }

    private void removeObjects(ExternalId id) throws PlatformException {
        for (HasMetadata object : objects(id)) {
            delete(object);
        }
    }

    /** The objects a versioned deployment has in the cluster now. */
    private List<HasMetadata> objects(ExternalId id) throws PlatformException {
        String name = KubeNames.objectName(id);
        String namespace = options.namespace();
        List<HasMetadata> objects = new ArrayList<>();
        call(() -> {
            Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(name).get())
                    .ifPresent(objects::add);
            Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get())
                    .ifPresent(objects::add);
            Optional.ofNullable(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                    .withName(name).get()).ifPresent(objects::add);
            Optional.ofNullable(client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(name)
                    .get()).ifPresent(objects::add);
            return null;
        });
        return objects;
    }

    @Override
    public List<BundleDescriptor> versions(Alias alias) throws PlatformException {
        List<Deployment> deployments = call(() -> client.apps().deployments().inNamespace(options.namespace())
                .withLabel(KubeNames.MANAGED_BY, "mlops").withLabel(KubeNames.KIND, "deployment")
                .withLabel(KubeNames.MODEL, KubeNames.labelValue(alias.model()))
                .withLabel(KubeNames.SERVICE, alias.service().id())
                .withLabel(KubeNames.ENV, alias.environment().id()).list().getItems());
        List<BundleDescriptor> versions = new ArrayList<>();
        for (Deployment deployment : deployments) {
            descriptor(deployment).filter(d -> d.model().equals(alias.model())).ifPresent(versions::add);
        }
        versions.sort(Comparator.comparingInt(BundleDescriptor::version));
        return versions;
    }

    @Override
    public Optional<BundleDescriptor> deployed(FunctionId id) throws PlatformException {
        Optional<ExternalId> versioned = versioned(id);
        if (versioned.isEmpty()) {
            return Optional.empty();
        }
        Deployment deployment = deployment(KubeNames.objectName(versioned.get()));
        return deployment == null ? Optional.empty() : descriptor(deployment);
    }

    @Override
    public Optional<FunctionStatus> status(FunctionId id) throws PlatformException {
        Optional<ExternalId> versioned = versioned(id);
        if (versioned.isEmpty()) {
            return Optional.empty();
        }
        Deployment deployment = deployment(KubeNames.objectName(versioned.get()));
        return deployment == null ? Optional.empty() : status(id, deployment);
    }

    private Optional<FunctionStatus> status(FunctionId id, Deployment deployment) {
        return descriptor(deployment).map(d -> {
            Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
            boolean serving = ready != null && ready > 0;
            return new FunctionStatus(id, HostManifests.externalId(d), d.modelId(), serving,
                    serving ? Optional.empty() : Optional.of("no pod of it is ready"), d.createdTime(),
                    d.artifactSha256());
        });
    }

    @Override
    public List<FunctionStatus> functions(FunctionFilter filter) throws PlatformException {
        List<Deployment> deployments = managedDeployments();
        List<FunctionStatus> functions = new ArrayList<>();
        Map<String, Deployment> byName = new java.util.HashMap<>();
        for (Deployment deployment : deployments) {
            byName.put(deployment.getMetadata().getName(), deployment);
            descriptor(deployment).filter(d -> matches(d, filter)).ifPresent(d -> status(
                    HostManifests.externalId(d), deployment).ifPresent(functions::add));
        }
        List<Service> aliases = call(() -> client.services().inNamespace(options.namespace())
                .withLabel(KubeNames.MANAGED_BY, "mlops").withLabel(KubeNames.KIND, "alias").list().getItems());
        for (Service service : aliases) {
            Map<String, String> annotations = service.getMetadata().getAnnotations();
            Optional<FunctionId> alias = FunctionId.parse(annotations == null ? "" : annotations
                    .getOrDefault(KubeNames.EXTERNAL_ID, ""));
            Optional<FunctionId> target = FunctionId.parse(annotations == null ? "" : annotations
                    .getOrDefault(HostManifests.TARGET, ""));
            if (alias.isPresent() && target.isPresent()) {
                Deployment served = byName.get(KubeNames.objectName(target.get()));
                if (served != null && descriptor(served).filter(d -> matches(d, filter)).isPresent()) {
                    status(alias.get(), served).ifPresent(functions::add);
                }
            }
        }
        return functions.stream().sorted(Comparator.comparing(f -> f.id().toString())).toList();
    }

    /** As the function host filters its listing: a tag is a metadata key, or {@code key=value}. */
    private static boolean matches(BundleDescriptor descriptor, FunctionFilter filter) {
        return filter.environment().map(e -> e.id().equals(descriptor.env())).orElse(true)
                && filter.model().map(m -> m.equals(descriptor.model())).orElse(true)
                && filter.service().map(s -> s.id().equals(descriptor.service())).orElse(true)
                && filter.tag().map(tag -> {
                    int equals = tag.indexOf('=');
                    return equals < 0 ? descriptor.metadata().containsKey(tag)
                            : tag.substring(equals + 1).equals(descriptor.metadata().get(tag.substring(0, equals)));
                }).orElse(true);
    }

    @Override
    public FunctionAnswer call(FunctionId id, JsonNode data, boolean toFile, Duration timeout)
            throws PlatformException {
        Optional<ExternalId> versioned = versioned(id);
        if (versioned.isEmpty()) {
            return new FunctionAnswer(404, Json.DATA.createObjectNode().put("status", "error")
                    .put("error_message", id + " is not deployed in namespace " + options.namespace()));
        }
        ObjectNode request = Json.DATA.createObjectNode();
        request.set("data", data);
        request.put("to_file", toFile);
        String url = proxy(KubeNames.objectName(id)) + "functions/" + URLEncoder.encode(versioned.get().toString(),
                StandardCharsets.UTF_8) + "/call";
        try {
            HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder().uri(url)
                    .post("application/json", Json.DATA.writeValueAsBytes(request));
            // The API server takes Authorization for itself and does not pass it on: the host's token goes in a
            // header of its own.
            token().ifPresent(token -> builder.header("X-Mlops-Authorization", "Bearer " + token));
            HttpRequest post = builder.build();
            HttpResponse<byte[]> response = client.getHttpClient().sendAsync(post, byte[].class)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode body;
            try {
                body = Json.DATA.readTree(response.body());
            } catch (IOException e) {
                body = Json.DATA.createObjectNode().put("status", "error").put("error_message",
                        "the answer through the service proxy is not JSON (HTTP " + response.code() + ")");
            }
            return new FunctionAnswer(response.code(), body == null ? Json.DATA.createObjectNode() : body);
        } catch (TimeoutException e) {
            throw new PlatformException(id + " did not answer within " + seconds(timeout), e);
        } catch (ExecutionException | IOException e) {
            throw new PlatformException("cannot call " + id + " through the API server's service proxy at " + url
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while calling " + id, e);
        }
    }

    /** The hosts' bearer token, from its Secret, when there is one; read once. */
    private Optional<String> token() throws PlatformException {
        if (token == null) {
            io.fabric8.kubernetes.api.model.Secret secret = call(() -> client.secrets()
                    .inNamespace(options.namespace()).withName(options.tokenSecret()).get());
            String encoded = secret == null || secret.getData() == null ? null : secret.getData().get("token");
            String plain = secret == null || secret.getStringData() == null ? null
                    : secret.getStringData().get("token");
            token = Optional.ofNullable(plain != null ? plain : encoded == null ? null
                    : new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip());
        }
        return token;
    }

    private String proxy(String service) {
        String master = client.getConfiguration().getMasterUrl();
        return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + options.namespace()
                + "/services/" + service + ":http/proxy/";
    }

    /**
     * @return the namespace's Services on the API server; each function is called at
     *         {@code <service>:http/proxy/functions/<externalId>/call} below it
     */
    @Override
    public Optional<URI> endpoint() {
        String master = client.getConfiguration().getMasterUrl();
        return Optional.of(URI.create((master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/"
                + options.namespace() + "/services/"));
    }

    @Override
    public void record(DeploymentRecord record) throws PlatformException {
        Optional<FunctionId> alias = FunctionId.parse(record.alias()).filter(Alias.class::isInstance);
        if (alias.isEmpty()) {
            throw new PlatformException("'" + record.alias() + "' is not an alias; the record was not kept");
        }
        String name = ledgerName((Alias) alias.get());
        String line;
        try {
            line = Json.DATA.writeValueAsString(Json.FILES.valueToTree(record));
        } catch (IOException e) {
            throw new PlatformException("a deployment record is always JSON", e);
        }
        // Read, append, write back with the version read: a move recorded meanwhile by another machine makes the
        // write fail with 409, and it is read again.
        for (int attempt = 0; ; attempt++) {
            ConfigMap current = call(() -> client.configMaps().inNamespace(options.namespace()).withName(name)
                    .get());
            List<String> lines = new ArrayList<>();
            if (current != null && current.getData() != null && current.getData().get(LEDGER_KEY) != null) {
                current.getData().get(LEDGER_KEY).lines().filter(l -> !l.isBlank()).forEach(lines::add);
            }
            lines.add(line);
            List<String> kept = lines.subList(Math.max(0, lines.size() - LEDGER_RECORDS), lines.size());
            ConfigMap next = new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withNamespace(options.namespace())
                    .withResourceVersion(current == null ? null : current.getMetadata().getResourceVersion())
                    .addToLabels(KubeNames.MANAGED_BY, "mlops").addToLabels(KubeNames.KIND, "ledger")
                    .addToLabels(KubeNames.FUNCTION, KubeNames.objectName(alias.get()))
                    .addToAnnotations(KubeNames.EXTERNAL_ID, alias.get().toString())
                    .endMetadata()
                    .addToData(LEDGER_KEY, String.join("\n", kept) + "\n").build();
            try {
                if (current == null) {
                    client.configMaps().inNamespace(options.namespace()).resource(next).create();
                } else {
                    client.configMaps().inNamespace(options.namespace()).resource(next).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 9) {
                    throw new PlatformException("cannot write the ledger ConfigMap " + name + " in namespace "
                            + options.namespace() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public List<DeploymentRecord> records(Alias alias) throws PlatformException {
        String name = ledgerName(alias);
        ConfigMap ledger = call(() -> client.configMaps().inNamespace(options.namespace()).withName(name).get());
        List<DeploymentRecord> records = new ArrayList<>();
        if (ledger == null || ledger.getData() == null || ledger.getData().get(LEDGER_KEY) == null) {
            return records;
        }
        List<String> lines = ledger.getData().get(LEDGER_KEY).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(Json.FILES.readValue(lines.get(i), DeploymentRecord.class));
            } catch (IOException e) {
                throw new PlatformException("line " + (i + 1) + " of the ledger ConfigMap " + name + " in namespace "
                        + options.namespace() + " is not a deployment record; correct or remove that line", e);
            }
        }
        return records;
    }

    static String ledgerName(Alias alias) {
        return KubeNames.objectName(alias.toString() + "-ledger");
    }

    @Override
    public List<String> deploymentsOf(ArtifactVersion version) throws IOException {
        if (version.env().equals(Environment.DEV.id())) {
            return List.of();
        }
        try {
            List<String> found = new ArrayList<>();
            for (Deployment deployment : managedDeployments()) {
                descriptor(deployment).filter(d -> d.modelId().equals(version.id())
                        && d.artifactSha256().equals(version.sha256())).ifPresent(d -> found.add(d.externalId()));
            }
            return found;
        } catch (PlatformException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String where() {
        return "the Kubernetes namespace " + options.namespace() + " at " + client.getConfiguration().getMasterUrl();
    }

    /** @return the versioned deployment an id names: itself, or the one an alias points to */
    private Optional<ExternalId> versioned(FunctionId id) throws PlatformException {
        return id instanceof ExternalId versioned ? Optional.of(versioned) : target((Alias) id);
    }

    private Deployment deployment(String name) throws PlatformException {
        return call(() -> client.apps().deployments().inNamespace(options.namespace()).withName(name).get());
    }

    /** @return every versioned deployment mlops made in the namespace */
    private List<Deployment> managedDeployments() throws PlatformException {
        return call(() -> client.apps().deployments().inNamespace(options.namespace())
                .withLabel(KubeNames.MANAGED_BY, "mlops").withLabel(KubeNames.KIND, "deployment").list().getItems());
    }

    private Service aliasService(Alias alias) throws PlatformException {
        Service service = call(() -> client.services().inNamespace(options.namespace())
                .withName(KubeNames.objectName(alias)).get());
        return service != null && service.getMetadata().getLabels() != null
                && "alias".equals(service.getMetadata().getLabels().get(KubeNames.KIND)) ? service : null;
    }

    private static Optional<BundleDescriptor> descriptor(Deployment deployment) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(HostManifests.DESCRIPTOR);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.DATA.readValue(json, BundleDescriptor.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void apply(HasMetadata object) throws PlatformException {
        call(() -> client.resource(object).inNamespace(options.namespace()).createOr(NonDeletingOperation::update));
    }

    private void delete(HasMetadata object) throws PlatformException {
        call(() -> client.resource(object).inNamespace(options.namespace()).delete());
    }

    /** An object as read from the cluster, made fit to be created again. */
    private static HasMetadata strip(HasMetadata object) {
        object.getMetadata().setResourceVersion(null);
        object.getMetadata().setUid(null);
        object.getMetadata().setCreationTimestamp(null);
        object.getMetadata().setManagedFields(null);
        object.getMetadata().setGeneration(null);
        if (object instanceof Deployment deployment) {
            deployment.setStatus(null);
        } else if (object instanceof HorizontalPodAutoscaler autoscaler) {
            autoscaler.setStatus(null);
        } else if (object instanceof PodDisruptionBudget budget) {
            budget.setStatus(null);
        } else if (object instanceof Service service) {
            service.setStatus(null);
        }
        return object;
    }

    @FunctionalInterface
    private interface ClusterCall<T> {
        T run();
    }

    private <T> T call(ClusterCall<T> operation) throws PlatformException {
        try {
            return operation.run();
        } catch (KubernetesClientException e) {
            String hint = switch (e.getCode()) {
                case 401 -> "; the API server did not accept the kubeconfig's credentials";
                case 403 -> "; the identity that deploys lacks a right in the namespace: the Role mlops-deployer"
                        + " (mlops-deployer.yaml, on the Kubernetes page) lists what it needs";
                default -> "";
            };
            throw new PlatformException("the Kubernetes API server at " + client.getConfiguration().getMasterUrl()
                    + " refused or failed a request in namespace " + options.namespace() + " (HTTP " + e.getCode()
                    + "): " + e.getMessage() + hint, e);
        }
    }

    private static void sleep(Duration duration) throws PlatformException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while waiting for the rollout", e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
