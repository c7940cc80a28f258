package dev.mlops.core.deployment;

/**
 * A deployment step that failed, or a rule that refused it. The message says what is wrong and what still serves, in
 * neutral words; {@link #fix()} says which kind of action fixes it, so that a front end (the Maven plugin) can name
 * its own flag or goal.
 */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What fixes a failure, for a front end to put in its own words. */
    public enum Fix {
        /** Nothing the user can do beyond what the message says. */
        NONE,
        /** Upload a version to test, or promote one from dev. */
        UPLOAD_OR_PROMOTE_TO_TEST,
        /** Promote a test version to prod. */
        PROMOTE_TO_PROD,
        /** Deploy to test first. */
        DEPLOY_TO_TEST_FIRST,
        /** Deploy the version to test first, or force its promotion. */
        DEPLOY_TO_TEST_OR_FORCE,
        /** Deploy the helper models first. */
        DEPLOY_HELPERS_FIRST,
        /** Name a version to roll back to. */
        NAME_A_VERSION,
        /** Deploy the version again; it is no longer deployed. */
        DEPLOY_AGAIN,
        /** Move or remove the alias that points to a deployment before removing it. */
        MOVE_ALIAS_FIRST,
        /** Look at what is deployed. */
        LIST_FUNCTIONS,
        /** Choose a model the settings have. */
        CHOOSE_A_MODEL,
        /** {@code artifact_version} applies to test and prod only. */
        PIN_ONLY_TEST_AND_PROD
    }

    private final String model;
    private final Fix fix;

    /**
     * @param model   the model the failure is about; empty when none
     * @param message what failed and what still serves
     * @param fix     what fixes it
     */
    public DeploymentException(String model, String message, Fix fix) {
        this(model, message, fix, null);
    }

    /**
     * @param cause the underlying failure
     */
    public DeploymentException(String model, String message, Fix fix, Throwable cause) {
        super(model.isEmpty() ? message : model + ": " + message, cause);
        this.model = model;
        this.fix = fix;
    }

    /**
     * @return the model the failure is about; empty when none
     */
    public String model() {
        return model;
    }

    /**
     * @return what fixes the failure
     */
    public Fix fix() {
        return fix;
    }
}
