package dev.mlops.core.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.VersionsInUse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where services run: bundles deployed under external ids, aliases pointing at them, calls, and the record of every
 * alias move. {@link ModelDeployment} and the goals speak only this interface; {@link LocalPlatform} implements it
 * with the function host's deployment folder on this machine, and a Kubernetes platform implements it with a
 * Deployment per external id and a Service per alias.
 */
public interface DeploymentPlatform extends VersionsInUse {

    /**
     * @return the platform's name as the settings' {@code platform} field spells it
     */
    String name();

    /** Deploys a bundle under its external id, replacing what that id served; it is served within a moment. */
    void deploy(Path bundle, String externalId) throws IOException;

    /**
     * Keeps a copy of the bundle deployed under an external id, if any, so that a failed redeployment of the same id
     * can put it back; the copy is not served.
     *
     * @return the copy, if there was a bundle
     */
    Optional<Path> setAside(String externalId) throws IOException;

    /** Serves a copy kept by {@link #setAside} under its external id again. */
    void putBack(String externalId, Path copy) throws IOException;

    /**
     * @return where an alias points, if it exists
     */
    Optional<AliasFile> alias(String alias) throws IOException;

    /** Points an alias at a versioned deployment, atomically. */
    void moveAlias(AliasFile alias) throws IOException;

    /** Removes a versioned deployment or an alias. */
    void remove(String externalId) throws IOException;

    /**
     * @return the versioned deployments of an alias's model, service and environment, by version
     */
    List<BundleDescriptor> versions(String alias) throws IOException;

    /**
     * @param externalId a versioned deployment or an alias
     * @return the descriptor of the bundle it serves (for an alias, of the deployment it points to)
     */
    Optional<BundleDescriptor> deployed(String externalId) throws IOException;

    /**
     * Waits until a function is served, then calls it.
     *
     * @param body the request body, a JSON object with {@code data}
     * @param wait how long to wait for the function to be served
     * @return the HTTP status and body of the answer
     */
    Answer call(String externalId, String body, Duration wait) throws IOException;

    /**
     * @param query listing filters such as {@code env=test&model=model1}; may be empty
     * @return the listing of the functions served ({@code GET /functions}), or empty when nothing serves
     */
    Optional<JsonNode> list(String query) throws IOException;

    /**
     * @return what the platform serves as table lines (a header, then a line per function or alias), or empty
     *         when nothing serves
     */
    default Optional<List<String>> functionsTable(String query) throws IOException {
        Optional<JsonNode> functions = list(query);
        if (functions.isEmpty()) {
            return Optional.empty();
        }
        String row = "%-40s %-16s %-7s %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(row, "EXTERNAL ID", "MODEL ID", "STATUS", "POINTS TO"));
        for (JsonNode function : functions.get()) {
            lines.add(String.format(row, function.path("external_id").asText(), function.path("model_id").asText(),
                    function.path("status").asText(), function.path("alias_of").asText("")));
        }
        return Optional.of(lines);
    }

    /**
     * @return the host's listing of a function or alias ({@code GET /functions/{id}}), if it serves it
     */
    /**
     * @return the listing of one function or alias ({@code GET /functions/{id}}), if it is served
     */
    Optional<JsonNode> describe(String externalId) throws IOException;

    /**
     * @return the address services are called at, if the platform serves
     */
    Optional<String> endpoint() throws IOException;

    /** Appends a record of an alias move. */
    void record(DeploymentRecord record) throws IOException;

    /**
     * @return an alias's records, oldest first
     */
    List<DeploymentRecord> records(String alias) throws IOException;

    /**
     * @return whether a deployment of this artifact version's prediction service to its environment succeeded, by the
     *         records: a version is promoted to prod only after that, unless forced
     */
    default boolean deployedSuccessfully(ArtifactVersion version) throws IOException {
        String alias = version.model() + "-prediction-" + version.env();
        return records(alias).stream().anyMatch(r -> r.action().equals("deploy") && r.modelId().equals(version.id()));
    }

    /**
     * A function's answer.
     *
     * @param status HTTP status
     * @param body   the body
     */
    record Answer(int status, String body) {
    }
}
