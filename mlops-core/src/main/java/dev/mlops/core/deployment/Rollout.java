package dev.mlops.core.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.platform.Replacement;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The rollout: deploy the versioned id and smoke-call it (putting back what the id served on failure), point the
 * alias at it and smoke-call the alias (pointing it back on failure), then add the move to the ledger.
 */
final class Rollout {

    /**
     * A rollout that succeeded.
     *
     * @param deployed what now serves
     * @param previous where the alias pointed before
     */
    record Result(ExternalId deployed, Optional<ExternalId> previous) {
    }

    private final DeploymentPlatform platform;
    private final SmokeCall smoke;
    private final Clock clock;

    Rollout(DeploymentPlatform platform, SmokeCall smoke, Clock clock) {
        this.platform = platform;
        this.smoke = smoke;
        this.clock = clock;
    }

    Result roll(BuiltBundle bundle, Optional<JsonNode> smokeData, String who, Optional<String> gitCommit)
            throws DeploymentException, PlatformException {
        ExternalId id = bundle.id();
        Alias alias = id.alias();
        String model = id.model();
        Replacement replacement = platform.deploy(bundle);
        Optional<String> broken = smoke.check(id, bundle.descriptor(), smokeData);
        if (broken.isPresent()) {
            replacement.restore();
            throw new DeploymentException(model, "the smoke call of " + id + " failed (" + broken.get() + "); what"
                    + " it served before was put back and " + alias + " still points where it did", Fix.NONE);
        }
        Optional<ExternalId> previous = platform.target(alias);
        platform.point(alias, id);
        Optional<String> aliasBroken = smoke.check(alias, bundle.descriptor(), smokeData);
        if (aliasBroken.isPresent()) {
            if (previous.isPresent()) {
                platform.point(alias, previous.get());
            } else {
                platform.remove(alias);
            }
            if (previous.filter(id::equals).isPresent()) {
                // a redeployment of the id the alias served: what it served comes back with it
                replacement.restore();
            } else {
                replacement.keep();
            }
            throw new DeploymentException(model, "the smoke call of " + alias + " failed (" + aliasBroken.get()
                    + "); it points to " + previous.map(ExternalId::toString).orElse("nothing") + " again",
                    Fix.NONE);
        }
        replacement.keep();
        platform.record(new DeploymentRecord(DeploymentRecord.DEPLOY, alias.toString(), id.toString(),
                previous.map(ExternalId::toString).orElse(""), id.version(), id.modelId(),
                bundle.descriptor().artifactSha256(), gitCommit.orElse(""), who,
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(), ""));
        return new Result(id, previous);
    }
}
