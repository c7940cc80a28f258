package dev.mlops.core.platform;

/**
 * One move of an alias, an entry of the deployment ledger: a deployment (made only once both smoke calls passed, so
 * every one was healthy) or a rollback. {@code mlops:rollback} walks the ledger back.
 *
 * @param action         {@code deploy} or {@code rollback}
 * @param alias          {@code <model>-<service>-<env>}
 * @param target         the versioned deployment the alias now points to
 * @param previousTarget where it pointed before; empty for the first deployment
 * @param version        the target's artifact version
 * @param modelId        {@code <model>/<env>/<version>}
 * @param artifactSha256 the artifact's SHA-256; empty when the model has none
 * @param gitCommit      the commit deployed; empty when unknown
 * @param who            who moved the alias
 * @param when           when, ISO-8601 UTC
 * @param reason         why, for a rollback; empty when none was given (and in records older than the field)
 */
public record DeploymentRecord(String action, String alias, String target, String previousTarget, int version,
                               String modelId, String artifactSha256, String gitCommit, String who, String when,
                               String reason) {

    /** The action of a deployment. */
    public static final String DEPLOY = "deploy";

    /** The action of a rollback. */
    public static final String ROLLBACK = "rollback";

    /** Records written before {@code reason} existed read with an empty one. */
    public DeploymentRecord {
        reason = reason == null ? "" : reason;
        previousTarget = previousTarget == null ? "" : previousTarget;
    }
}
