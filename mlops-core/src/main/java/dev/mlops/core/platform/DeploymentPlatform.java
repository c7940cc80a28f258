package dev.mlops.core.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.registry.VersionsInUse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where services run: bundles deployed under external ids, aliases pointing at them, calls, and the ledger of every
 * alias move. The deployment steps ({@code dev.mlops.core.deployment}) speak only this interface, in typed values;
 * {@link LocalPlatform} implements it with the function host's deployment folder on this machine, and a Kubernetes
 * platform implements it with a Deployment per external id and a Service per alias. It holds no rules: which
 * deployment may be removed, or where an alias may move, is decided by the deployment steps.
 */
public interface DeploymentPlatform extends VersionsInUse {

    /**
     * @return the platform's name as the settings' {@code platform} field spells it
     */
    String name();

    /**
     * Deploys a bundle under its external id, replacing what that id served; it is served within a moment, the
     * platform starting to serve if it did not.
     *
     * @return the deployment, which can still be undone
     */
    Replacement deploy(BuiltBundle bundle) throws PlatformException;

    /**
     * @return whether a dry run shows what {@link #plannedObjects} returns, and so builds the bundle to show it
     */
    default boolean showsPlannedObjects() {
        return false;
    }

    /**
     * What deploying a bundle would write on this platform, for a dry run: nothing is stored or changed.
     *
     * @return the objects as text (Kubernetes: YAML), or empty when the platform has nothing to show
     */
    default Optional<String> plannedObjects(BuiltBundle bundle) throws PlatformException {
        return Optional.empty();
    }

    /**
     * @return the versioned deployment an alias points to, if the alias exists
     */
    Optional<ExternalId> target(Alias alias) throws PlatformException;

    /** Points an alias at a versioned deployment, atomically, creating it if need be. */
    void point(Alias alias, ExternalId target) throws PlatformException;

    /** Removes a versioned deployment or an alias; removing what does not exist does nothing. */
    void remove(FunctionId id) throws PlatformException;

    /**
     * @return the versioned deployments of an alias's model, service and environment, by version
     */
    List<BundleDescriptor> versions(Alias alias) throws PlatformException;

    /**
     * @return the descriptor of the bundle a function serves (for an alias, of the deployment it points to)
     */
    Optional<BundleDescriptor> deployed(FunctionId id) throws PlatformException;

    /**
     * @return how a function or alias is served, or empty when it is not
     * @throws NotServingException when nothing serves on the platform; nothing is started
     */
    Optional<FunctionStatus> status(FunctionId id) throws PlatformException;

    /**
     * @return the functions and aliases served
     * @throws NotServingException when nothing serves on the platform; nothing is started
     */
    List<FunctionStatus> functions(FunctionFilter filter) throws PlatformException;

    /**
     * Calls a function.
     *
     * @param data    the request's {@code data}
     * @param toFile  whether the prediction is kept as a file on the platform and answered with its id
     * @param timeout how long the call may take
     * @return the answer, whatever its status
     * @throws NotServingException when nothing serves on the platform; nothing is started
     */
    FunctionAnswer call(FunctionId id, JsonNode data, boolean toFile, Duration timeout) throws PlatformException;

    /**
     * @return the address services are called at, if the platform serves
     */
    Optional<URI> endpoint() throws PlatformException;

    /** Appends an entry to the ledger of an alias's moves. */
    void record(DeploymentRecord record) throws PlatformException;

    /**
     * @return an alias's ledger, oldest first
     */
    List<DeploymentRecord> records(Alias alias) throws PlatformException;
}
