package dev.mlops.core.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the Kubernetes platform deploys, apart from what each model's settings say.
 *
 * @param namespace      {@code -Dmlops.kube.namespace}: the namespace of every object, default {@code default}
 * @param image          the function host's image, as pods pull it ({@code registry/mlops-host:0.1.0} or with a
 *                       digest)
 * @param secretName     the Secret holding the values of the settings' {@code secrets}, one key per name; empty for
 *                       {@code <model>-secrets}
 * @param tokenSecret    the Secret whose key {@code token} is the hosts' bearer token ({@code MLOPS_HOST_TOKEN})
 * @param storeSecret    the Secret whose keys become the pods' environment for reaching the store (such as
 *                       {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}); empty when the pods reach it
 *                       otherwise (a service account's role)
 * @param storeEnvironment the pods' environment for the store besides credentials ({@code MLOPS_S3_ENDPOINT},
 *                       {@code MLOPS_S3_REGION}, {@code MLOPS_S3_PATH_STYLE})
 * @param rolloutTimeout {@code -Dmlops.kube.rolloutTimeout}: how long a rollout may take before it is undone
 */
public record KubernetesOptions(String namespace, String image, Optional<String> secretName, String tokenSecret,
                                Optional<String> storeSecret, Map<String, String> storeEnvironment,
                                Duration rolloutTimeout) {

    /** The namespace when none is named. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The Secret of the hosts' token when none is named. */
    public static final String DEFAULT_TOKEN_SECRET = "mlops-host-token";
    /** How long a rollout may take when not told. */
    public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(5);

    public KubernetesOptions {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(image, "image");
        storeEnvironment = Map.copyOf(storeEnvironment);
    }

    /**
     * @return the options of a namespace and image, with every other one its default
     */
    public static KubernetesOptions of(String namespace, String image) {
        return new KubernetesOptions(namespace, image, Optional.empty(), DEFAULT_TOKEN_SECRET, Optional.empty(),
                Map.of(), DEFAULT_ROLLOUT_TIMEOUT);
    }

    /**
     * @return the Secret holding a model's secrets
     */
    public String secretOf(String model) {
        return secretName.orElse(KubeNames.objectName(model.toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-') + "-secrets"));
    }

    /** @return these options with the store's credentials and settings for the pods */
    public KubernetesOptions withStore(Optional<String> secret, Map<String, String> environment) {
        return new KubernetesOptions(namespace, image, secretName, tokenSecret, secret, environment, rolloutTimeout);
    }

    /** @return these options with the Secrets of the models' secrets and of the hosts' token */
    public KubernetesOptions withSecrets(Optional<String> models, String token) {
        return new KubernetesOptions(namespace, image, models, token, storeSecret, storeEnvironment, rolloutTimeout);
    }

    /** @return these options with another rollout timeout */
    public KubernetesOptions withRolloutTimeout(Duration timeout) {
        return new KubernetesOptions(namespace, image, secretName, tokenSecret, storeSecret, storeEnvironment,
                timeout);
    }
}
