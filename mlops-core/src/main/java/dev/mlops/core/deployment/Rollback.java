package dev.mlops.core.deployment;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.PlatformException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Moves an alias back: to the most recent earlier deployment of another version that is still deployed (each
 * rollback going one further back), or to a version named by hand; the alias is smoke-checked and pointed back if the
 * version does not serve. Every rollback goes into the ledger with who, when and why.
 */
public final class Rollback {

    /**
     * A rollback that was made.
     *
     * @param alias   the alias moved
     * @param from    where it pointed
     * @param to      where it points now
     * @param skipped earlier deployments passed over because they are no longer deployed
     */
    public record Result(Alias alias, ExternalId from, ExternalId to, List<ExternalId> skipped) {
    }

    private final DeploymentPlatform platform;
    private final Clock clock;
    private final Consumer<String> log;

    /**
     * @param platform where the alias is
     * @param clock    the ledger's clock
     * @param log      where progress is told
     */
    public Rollback(DeploymentPlatform platform, Clock clock, Consumer<String> log) {
        this.platform = platform;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param version a version to return to; empty for the previous deployment
     * @param who     who rolls back
     * @param reason  why; empty when none was given
     */
    public Result rollBack(Alias alias, OptionalInt version, String who, String reason)
            throws DeploymentException, PlatformException {
        ExternalId current = platform.target(alias).orElseThrow(() -> new DeploymentException(alias.model(), alias
                + " is not deployed; there is nothing to roll back", Fix.LIST_FUNCTIONS));
        Ledger ledger = new Ledger(platform.records(alias));
        List<ExternalId> skipped = new ArrayList<>();
        ExternalId target;
        if (version.isPresent()) {
            target = alias.version(version.getAsInt());
            if (target.equals(current)) {
                throw new DeploymentException(alias.model(), alias + " points to " + current + " already",
                        Fix.NONE);
            }
            if (!ledger.deployed().contains(target)) {
                throw new DeploymentException(alias.model(), target + " was never deployed, so " + alias
                        + " cannot return to it; deployed versions: " + versions(ledger.deployed()), Fix.DEPLOY_AGAIN);
            }
            if (platform.deployed(target).isEmpty()) {
                throw new DeploymentException(alias.model(), target + " is no longer deployed (models_to_keep or an"
                        + " undeploy removed it)", Fix.DEPLOY_AGAIN);
            }
        } else {
            target = previous(alias, current, ledger.history(), skipped);
        }
        BundleDescriptor descriptor = platform.deployed(target).orElseThrow();
        platform.point(alias, target);
        Optional<String> broken = new SmokeCall(platform, SmokeCall.SERVED_WITHIN).check(alias, descriptor,
                Optional.empty());
        if (broken.isPresent()) {
            platform.point(alias, current);
            throw new DeploymentException(alias.model(), "the smoke call of " + alias + " after rolling back to "
                    + target + " failed (" + broken.get() + "); it points to " + current + " again", Fix.NONE);
        }
        platform.record(new DeploymentRecord(DeploymentRecord.ROLLBACK, alias.toString(), target.toString(),
                current.toString(), target.version(), descriptor.modelId(), descriptor.artifactSha256(),
                descriptor.gitCommit(), who, clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(), reason));
        log.accept("rolled back " + alias + " from " + current + " to " + target
                + (skipped.isEmpty() ? "" : " (passing over " + versions(skipped) + ", no longer deployed)"));
        return new Result(alias, current, target, skipped);
    }

    /** The newest deployment below the current one in the history that is another version and still deployed. */
    private ExternalId previous(Alias alias, ExternalId current, List<ExternalId> history, List<ExternalId> skipped)
            throws DeploymentException, PlatformException {
        int top = history.lastIndexOf(current);
        for (int i = (top < 0 ? history.size() : top) - 1; i >= 0; i--) {
            ExternalId candidate = history.get(i);
            if (candidate.equals(current) || skipped.contains(candidate)) {
                continue;
            }
            if (platform.deployed(candidate).isPresent()) {
                return candidate;
            }
            skipped.add(candidate);
        }
        throw new DeploymentException(alias.model(), alias + " points to " + current + (skipped.isEmpty()
                ? " and no earlier deployment of another version is on record; there is nothing to roll back to"
                : "; the earlier deployments " + versions(skipped) + " are no longer deployed (models_to_keep or an"
                + " undeploy removed them)"), skipped.isEmpty() ? Fix.NAME_A_VERSION : Fix.DEPLOY_AGAIN);
    }

    private static String versions(List<ExternalId> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids.stream().map(ExternalId::toString).toList());
    }
}
