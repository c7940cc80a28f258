package dev.mlops.core.kubernetes;

import dev.mlops.core.host.PodHosts;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No Kubernetes API server or kubelet can run on these machines, so the tests stand in for both: fabric8's
 * {@code kubernetes-server-mock} in CRUD mode is the API server (it stores objects but runs nothing and never sets a
 * status), and this class is the kubelet. It watches the Deployments mlops applies and, for each, runs what the pod
 * would run: the real function host, in this JVM, fetching its bundle from the store by the SHA-256 in the
 * Deployment's arguments (see {@link PodHosts}). It creates a Pod object for it, sets the Deployment's status the way
 * the cluster would once the host reports ready, answers the API server's service proxy by forwarding to the host
 * the Service selects (without {@code Authorization}, which the API server keeps for itself), and serves the pod's
 * log. It can be told to fail as a cluster does: image pull errors.
 */
public final class KubeletStandIn implements AutoCloseable {

    private static final Pattern PROXY = Pattern.compile(
            "/api/v1/namespaces/([^/]+)/services/([^/:]+):http/proxy/(.*)");
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private static final String DEPLOYER = "mlops-deployer-under-test";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KubernetesClient deployer;
    private final List<String> deployerRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PodHosts hosts;
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private final List<Duration> podStarts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread kubelet;
    private volatile boolean imagePullFails;
    private volatile String unschedulable;
    private volatile boolean closed;

    public KubeletStandIn(Path work) {
        this.hosts = new PodHosts(work);
        Dispatcher dispatcher = new Dispatcher();
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher,
                false);
        server.init();
        this.client = server.createClient();
        this.deployer = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent(DEPLOYER)
                        .build()).build();
        this.kubelet = new Thread(this::run, "kubelet-stand-in");
        kubelet.setDaemon(true);
        kubelet.start();
    }

    /** @return a client for the tests' own setting up and reading back */
    public KubernetesClient client() {
        return client;
    }

    /**
     * @return a client for the platform under test: the requests it makes are recorded, to check that the
     *         deploying identity's Role grants them ({@link DeployerRole})
     */
    public KubernetesClient deployer() {
        return deployer;
    }

    /** @return the requests the {@link #deployer()} client made, as {@code METHOD path?query} */
    public List<String> deployerRequests() {
        return List.copyOf(deployerRequests);
    }

    /**
     * From now on, pods of new Deployments cannot be scheduled, as the scheduler says when no node has room.
     *
     * @param message the scheduler's message, such as {@code 0/3 nodes are available: 3 Insufficient memory.}
     */
    public void failScheduling(String message) {
        this.unschedulable = message;
    }

    /** From now on, pods of new Deployments cannot pull their image. */
    public void failImagePulls(boolean fail) {
        this.imagePullFails = fail;
    }

    /**
     * @return how long each pod that became ready took, from its creation to its host's readiness (the host's
     *         start, the bundle's fetch and check, the model's load)
     */
    public List<Duration> podStarts() {
        return List.copyOf(podStarts);
    }

    /** @return the pods' hosts running now, by Deployment name */
    public Map<String, String> running() {
        return Map.copyOf(running);
    }

    private void run() {
        while (!closed) {
            try {
                step();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the API server went away with the test
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One look at the Deployments: start the pods of new ones, stop those of removed ones, report status. */
    private void step() {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace()
                .withLabel(KubeNames.MANAGED_BY, "mlops").list().getItems();
        Map<String, Deployment> present = new HashMap<>();
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            present.put(name, deployment);
            List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
            String store = args.get(args.indexOf("--bundle-store") + 1);
            String sha256 = args.get(args.indexOf("--bundle-sha256") + 1);
            String pod = name + "-pod";
            if (!sha256.equals(running.get(name))) {
                running.put(name, sha256);
                hosts.stop(name);
                if (unschedulable != null) {
                    unschedulablePod(deployment, pod, unschedulable);
                    continue;
                }
                if (imagePullFails) {
                    pod(deployment, pod, "ErrImagePull", "failed to pull image \""
                            + deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                            + "\": not found", 0);
                    continue;
                }
                pod(deployment, pod, "ContainerCreating", null, 0);
                long created = System.nanoTime();
                hosts.start(name, store, sha256, environment(deployment), (log, crashed) -> {
                    logs.put(pod, log);
                    if (!crashed && hosts.ready(name)) {
                        podStarts.add(Duration.ofNanos(System.nanoTime() - created));
                    }
                    if (crashed) {
                        pod(deployment, pod, "CrashLoopBackOff", "back-off restarting failed container", 3);
                    }
                });
            }
            if (hosts.ready(name)) {
                int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
                Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
                if (ready == null || ready != replicas) {
                    deployment.setStatus(new DeploymentStatusBuilder().withReplicas(replicas)
                            .withReadyReplicas(replicas).withAvailableReplicas(replicas)
                            .withObservedGeneration(deployment.getMetadata().getGeneration()).build());
                    client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                            .resource(deployment).updateStatus();
                }
            }
        }
        for (String name : Map.copyOf(running).keySet()) {
            if (!present.containsKey(name)) {
                running.remove(name);
                hosts.stop(name);
                client.pods().inAnyNamespace().withLabel(KubeNames.FUNCTION, name).delete();
            }
        }
    }

    /** The host container's environment as a kubelet resolves it: values, keys of Secrets, whole Secrets. */
    private Map<String, String> environment(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> environment = new HashMap<>();
        for (var from : container.getEnvFrom() == null ? List.<io.fabric8.kubernetes.api.model.EnvFromSource>of()
                : container.getEnvFrom()) {
            if (from.getSecretRef() != null) {
                environment.putAll(secret(namespace, from.getSecretRef().getName()));
            }
        }
        for (var variable : container.getEnv()) {
            if (variable.getValue() != null) {
                environment.put(variable.getName(), variable.getValue());
            } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                String value = secret(namespace, ref.getName()).get(ref.getKey());
                if (value != null) {
                    environment.put(variable.getName(), value);
                }
            }
        }
        return environment;
    }

    private Map<String, String> secret(String namespace, String name) {
        var secret = client.secrets().inNamespace(namespace).withName(name).get();
        Map<String, String> values = new HashMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key, new String(java.util.Base64.getDecoder()
                    .decode(value), java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (secret != null && secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    private void pod(Deployment deployment, String name, String waiting, String message, int restarts) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder().withName("host").withRestartCount(restarts)
                        .withReady(false).withNewState().withNewWaiting().withReason(waiting).withMessage(message)
                        .endWaiting().endState().build())
                .endStatus().build();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }

    /** A pod the scheduler placed nowhere: Pending, with no container status, its PodScheduled condition False. */
    private void unschedulablePod(Deployment deployment, String name, String message) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(message).endCondition().endStatus().build();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }

    @Override
    public void close() {
        closed = true;
        kubelet.interrupt();
        try {
            kubelet.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hosts.close();
        deployer.close();
        client.close();
        server.destroy();
    }

    /** The mock API server's CRUD, plus the service proxy and pod logs, which a kubelet serves. */
    private final class Dispatcher extends KubernetesCrudDispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (String.valueOf(request.getHeader("User-Agent")).contains(DEPLOYER)) {
                deployerRequests.add(request.getMethod() + " " + request.getPath());
            }
            Matcher proxy = PROXY.matcher(request.getPath());
            if (proxy.matches()) {
                return proxy(request, proxy.group(1), proxy.group(2), proxy.group(3));
            }
            Matcher log = LOG.matcher(request.getPath());
            if (log.matches() && request.getMethod().equals("GET")) {
                String text = logs.get(log.group(2));
                return text == null ? new MockResponse().setResponseCode(404)
                        : new MockResponse().setResponseCode(200).setBody(text);
            }
            return super.dispatch(request);
        }

        private MockResponse proxy(RecordedRequest request, String namespace, String serviceName, String rest) {
            // Read from the store directly: a request to this server from inside its dispatcher would wait for
            // itself.
            MockResponse found = handleGet("/api/v1/namespaces/" + namespace + "/services/" + serviceName);
            if (found.code() != 200) {
                return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}");
            }
            Service service = SERIALIZATION.unmarshal(found.getBody().readUtf8(), Service.class);
            String function = service.getSpec().getSelector().get(KubeNames.FUNCTION);
            Integer port = hosts.port(function);
            if (port == null || !hosts.ready(function)) {
                return new MockResponse().setResponseCode(503).setBody("no endpoints available for service \""
                        + serviceName + "\"");
            }
            try {
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"
                        + rest)).timeout(Duration.ofSeconds(30));
                byte[] body = request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
                forward.method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
                // As the API server does: every header but its own credentials goes on.
                for (String header : List.of("Content-Type", "X-Mlops-Authorization", "Accept")) {
                    String value = request.getHeader(header);
                    if (value != null) {
                        forward.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new MockResponse().setResponseCode(answer.statusCode()).setBody(answer.body())
                        .setHeader("Content-Type", "application/json");
            } catch (Exception e) {
                return new MockResponse().setResponseCode(502).setBody(String.valueOf(e));
            }
        }
    }
}
