package dev.mlops.maven;

import dev.mlops.core.kubernetes.KubernetesOptions;
import dev.mlops.core.kubernetes.KubernetesPlatform;
import dev.mlops.core.settings.Platform;
import dev.mlops.core.settings.ServingResources;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsException;
import dev.mlops.core.settings.SettingsFile;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Which platform a goal works on, and for {@code kubernetes} the cluster: reached from a kubeconfig file (its
 * current context, or {@code -Dmlops.kube.context}) or, inside a pod, from the pod's service account, as kubectl
 * does. The goals that take it declare the parameters themselves ({@code -Dmlops.platform},
 * {@code -Dmlops.kube.namespace}, {@code -Dmlops.kube.context}, {@code -Dmlops.kube.config}).
 */
final class Cluster {

    /** The one a goal is told, else the one every model of the project's settings names, else local. */
    static Platform platform(String given, Optional<Settings> settings) throws MojoFailureException {
        if (given != null && !given.isBlank()) {
            return Platform.parse(given.strip()).orElseThrow(() -> new MojoFailureException("platform '" + given
                    + "' is not known; use local or kubernetes (-Dmlops.platform)"));
        }
        if (settings.isEmpty()) {
            return Platform.LOCAL;
        }
        Set<Platform> named = settings.get().models().stream().map(m -> m.platform()).collect(Collectors.toSet());
        if (named.size() > 1) {
            throw new MojoFailureException("the models of " + settings.get().file().getFileName() + " are on"
                    + " different platforms; say which with -Dmlops.platform=local or -Dmlops.platform=kubernetes");
        }
        return named.isEmpty() ? Platform.LOCAL : named.iterator().next();
    }

    /** The project's settings when its folder holds {@code mlops_settings.yaml}, read quietly. */
    static Optional<Settings> projectSettings(File basedir) {
        if (basedir == null) {
            return Optional.empty();
        }
        Path file = basedir.toPath().resolve("mlops_settings.yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SettingsFile.read(file));
        } catch (SettingsException e) {
            return Optional.empty();
        }
    }

    /**
     * @return a client of the cluster, logging where it came from
     */
    static KubernetesClient connect(String context, File kubeconfig, Log log) throws MojoFailureException {
        Optional<String> chosen = Optional.ofNullable(context).filter(c -> !c.isBlank());
        Config config;
        try {
            if (kubeconfig != null) {
                if (!kubeconfig.isFile()) {
                    throw new MojoFailureException("-Dmlops.kube.config names " + kubeconfig + ", which is not a"
                            + " file; name a kubeconfig file, or leave it out for KUBECONFIG or ~/.kube/config");
                }
                config = Config.fromKubeconfig(chosen.orElse(null), kubeconfig);
            } else {
                Optional<String> missing = unconfigured(System.getenv(), System.getProperties(),
                        Path.of(System.getProperty("user.home")));
                if (missing.isPresent()) {
                    throw new MojoFailureException("no Kubernetes cluster is configured: " + missing.get()
                            + "; name a kubeconfig with -Dmlops.kube.config or KUBECONFIG, or run inside a pod");
                }
                config = Config.autoConfigure(chosen.orElse(null));
            }
        } catch (KubernetesClientException e) {
            throw new MojoFailureException("cannot read the Kubernetes configuration" + chosen.map(c -> " of context "
                    + c).orElse("") + ": " + e.getMessage() + "; check -Dmlops.kube.config and -Dmlops.kube.context",
                    e);
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new MojoFailureException("no Kubernetes cluster is configured: name a kubeconfig with"
                    + " -Dmlops.kube.config or KUBECONFIG, or run inside a pod");
        }
        log.info("Kubernetes API server " + config.getMasterUrl() + (config.getCurrentContext() == null ? ""
                : " (context " + config.getCurrentContext().getName() + ")"));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Where fabric8 would look for a cluster, as kubectl does: {@code KUBECONFIG}'s files, else
     * {@code ~/.kube/config}; a pod's service account ({@code KUBERNETES_SERVICE_HOST}); an API server named in
     * {@code kubernetes.master} or {@code KUBERNETES_MASTER}. With none of them it would try
     * {@code https://kubernetes.default.svc} and fail there with a name that does not resolve.
     *
     * @return why no cluster is configured, or empty when one may be
     */
    static Optional<String> unconfigured(Map<String, String> environment, java.util.Properties system, Path home) {
        if (system.getProperty("kubernetes.master") != null || environment.get("KUBERNETES_MASTER") != null
                || environment.get("KUBERNETES_SERVICE_HOST") != null) {
            return Optional.empty();
        }
        String variable = environment.get("KUBECONFIG");
        if (variable != null && !variable.isBlank()) {
            boolean any = java.util.Arrays.stream(variable.split(java.io.File.pathSeparator))
                    .filter(f -> !f.isBlank()).anyMatch(f -> Files.isRegularFile(Path.of(f)));
            return any ? Optional.empty() : Optional.of("KUBECONFIG names " + variable + ", and no such file exists");
        }
        Path kubeconfig = home.resolve(".kube").resolve("config");
        return Files.isRegularFile(kubeconfig) ? Optional.empty()
                : Optional.of("there is no " + kubeconfig + ", KUBECONFIG is not set and this is not a pod");
    }

    /**
     * @return the namespace to use: the one given, else the kubeconfig context's, else {@code default}
     */
    static String namespace(String given, KubernetesClient client) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String configured = client.getConfiguration().getNamespace();
        return configured == null || configured.isBlank() ? KubernetesOptions.DEFAULT_NAMESPACE : configured;
    }

    /** A platform for goals that read and call, not deploy: it uploads nothing. */
    static KubernetesPlatform reading(KubernetesClient client, String namespace) {
        return new KubernetesPlatform(client, KubernetesOptions.of(namespace, ""),
                KubernetesPlatform.BundleUpload.to("", bundle -> {
                    throw new java.io.IOException("only mlops:deploy deploys to the cluster");
                }), model -> ServingResources.DEFAULT);
    }

    static Function<String, ServingResources> resources(Map<String, ServingResources> byModel) {
        return model -> byModel.getOrDefault(model, ServingResources.DEFAULT);
    }

    private Cluster() {
    }
}
