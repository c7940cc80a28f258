package dev.mlops.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import java.util.Optional;

/**
 * A function or alias as a host lists it ({@code GET /functions}, {@code GET /functions/{id}}).
 *
 * @param id             the function or alias
 * @param target         the versioned deployment that answers (for a versioned deployment, itself)
 * @param modelId        {@code <model>/<env>/<version>}, the artifact it runs
 * @param ready          whether it answers calls; false when its bundle failed to load
 * @param error          why it failed to load
 * @param createdTime    when its bundle was made
 * @param artifactSha256 its artifact's SHA-256; empty when the model has none
 */
public record FunctionStatus(FunctionId id, ExternalId target, String modelId, boolean ready, Optional<String> error,
                             String createdTime, String artifactSha256) {

    /**
     * @return the status a host's listing entry describes, or empty when it names no function id (a bundle that
     *         is not one of ours)
     */
    static Optional<FunctionStatus> of(JsonNode listed) {
        Optional<FunctionId> id = FunctionId.parse(listed.path("external_id").asText());
        Optional<FunctionId> target = FunctionId.parse(listed.path("alias_of").asText(listed.path("external_id")
                .asText()));
        if (id.isEmpty() || target.isEmpty() || !(target.get() instanceof ExternalId versioned)) {
            return Optional.empty();
        }
        return Optional.of(new FunctionStatus(id.get(), versioned, listed.path("model_id").asText(),
                listed.path("status").asText().equals("ready"),
                Optional.ofNullable(listed.path("error_message").textValue()),
                listed.path("created_time").asText(), listed.path("artifact_sha256").asText()));
    }
}
