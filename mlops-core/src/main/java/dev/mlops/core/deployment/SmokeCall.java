package dev.mlops.core.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.Deadline;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import java.time.Duration;
import java.util.Optional;

/**
 * The check after each move: the platform serves the function from the bundle just deployed (the same target,
 * {@code created_time} and {@code artifact_sha256}: a redeployment keeps its id, and the old bundle answers until the
 * platform has swapped it), ready, and, given a request, answering it with {@code ok} from the right artifact.
 */
final class SmokeCall {

    /** How long a platform has to serve what was just deployed or pointed to. */
    static final Duration SERVED_WITHIN = Duration.ofSeconds(30);

    private final DeploymentPlatform platform;
    private final Duration servedWithin;

    SmokeCall(DeploymentPlatform platform, Duration servedWithin) {
        this.platform = platform;
        this.servedWithin = servedWithin;
    }

    /**
     * @return why the function does not answer as it should; empty when it does
     */
    Optional<String> check(FunctionId id, BundleDescriptor expected, Optional<JsonNode> data)
            throws PlatformException {
        Optional<FunctionStatus> served = Deadline.in(servedWithin).await(() -> platform.status(id)
                .filter(s -> s.target().toString().equals(expected.externalId())
                        && s.createdTime().equals(expected.createdTime())
                        && s.artifactSha256().equals(expected.artifactSha256())));
        if (served.isEmpty()) {
            return Optional.of("not served within " + servedWithin.toSeconds() + " s");
        }
        if (!served.get().ready()) {
            return Optional.of("failed: " + served.get().error().orElse("no reason given"));
        }
        if (data.isEmpty()) {
            return Optional.empty();
        }
        FunctionAnswer answer = platform.call(id, data.get(), false, servedWithin);
        boolean ok = answer.ok() && answer.body().path("model_id").asText().equals(expected.modelId());
        return ok ? Optional.empty() : Optional.of("HTTP " + answer.status() + " " + answer.body());
    }
}
