package dev.mlops.core.host;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The function hosts of stand-in pods (for the Kubernetes platform's tests): each runs as a pod's host does, with
 * {@code --bundle-store} and {@code --bundle-sha256}, fetching its bundle from the store and saying it is ready only
 * once it serves it. They run in the test's JVM, on loopback, each with its own deployment folder.
 */
public final class PodHosts implements AutoCloseable {

    private final Path work;
    private final Map<String, FunctionHost> hosts = new ConcurrentHashMap<>();
    private int started;

    public PodHosts(Path work) {
        this.work = work;
    }

    /**
     * Starts a pod's host on a thread of its own.
     *
     * @param environment the container's environment, as the kubelet resolved it
     * @param report told the pod's log once the host serves, stays unready, or ends (then {@code true})
     */
    public synchronized void start(String name, String store, String sha256, Map<String, String> environment,
                                   BiConsumer<String, Boolean> report) {
        Path folder = work.resolve(name + "-" + (++started)).resolve("deployments");
        Thread pod = new Thread(() -> {
            FunctionHost host;
            try {
                // As FunctionHostCommand does: the token from MLOPS_HOST_TOKEN.
                host = FunctionHost.start(HostOptions.defaults(folder).withPort(0)
                        .withScanInterval(Duration.ofMillis(50)).withLoadTimeout(Duration.ofSeconds(20))
                        .withToken(java.util.Optional.ofNullable(environment.get("MLOPS_HOST_TOKEN"))
                                .filter(token -> !token.isBlank())), environment::get, false);
            } catch (IOException e) {
                report.accept("mlops function host: " + e.getMessage(), true);
                return;
            }
            hosts.put(name, host);
            try {
                FunctionHostCommand.serveFetched(host, new FunctionHostCommand.Fetch(store, sha256), environment::get);
                report.accept(host.isReady() ? "serving from bundle " + sha256 + "; ready"
                        : "cannot serve bundle " + sha256 + ": " + host.options().deployments() + " holds a bundle"
                        + " whose model failed to load; the host stays unready", false);
            } catch (IOException e) {
                hosts.remove(name, host);
                host.close();
                report.accept("mlops function host: " + e.getMessage(), true);
            }
        }, "pod-" + name);
        pod.setDaemon(true);
        pod.start();
    }

    /** @return whether the pod's host says it is ready */
    public boolean ready(String name) {
        FunctionHost host = hosts.get(name);
        return host != null && host.isReady();
    }

    /** @return the port the pod's host listens on, or null when none runs */
    public Integer port(String name) {
        FunctionHost host = hosts.get(name);
        return host == null ? null : host.port();
    }

    public void stop(String name) {
        FunctionHost host = hosts.remove(name);
        if (host != null) {
            host.close();
        }
    }

    @Override
    public void close() {
        for (String name : Map.copyOf(hosts).keySet()) {
            stop(name);
        }
    }
}
