package dev.mlops.core.registry;

/**
 * A Model Manager operation that cannot be done. The message says why in neutral words; {@link #fix()} says which
 * kind of action fixes it, so that a front end (the Maven plugin) can name its own goal or flag.
 */
public class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What fixes a failure, for a front end to put in its own words. */
    public enum Fix {
        /** Nothing beyond what the message says. */
        NONE,
        /** Promote a test version to prod. */
        PROMOTE_TO_PROD,
        /** Promote to test or prod; dev is reached by upload. */
        PROMOTE_TO_TEST_OR_PROD,
        /** Upload a version to dev. */
        UPLOAD_TO_DEV,
        /** Promote a version from dev to test. */
        PROMOTE_FROM_DEV,
        /** Look at the versions there are. */
        LIST_VERSIONS,
        /** Allow replacing what a folder holds. */
        OVERWRITE,
        /** Name the model properly. */
        NAME_THE_MODEL
    }

    private final Fix fix;
    private final String model;

    /**
     * @param message what is wrong
     */
    public RegistryException(String message) {
        this(message, Fix.NONE, "", null);
    }

    /**
     * @param message what is wrong
     * @param cause   the underlying failure
     */
    public RegistryException(String message, Throwable cause) {
        this(message, Fix.NONE, "", cause);
    }

    /**
     * @param message what is wrong, in neutral words
     * @param fix     what fixes it
     * @param model   the model it is about; empty when none
     */
    public RegistryException(String message, Fix fix, String model) {
        this(message, fix, model, null);
    }

    private RegistryException(String message, Fix fix, String model, Throwable cause) {
        super(message, cause);
        this.fix = fix;
        this.model = model;
    }

    /**
     * @return what fixes the failure
     */
    public Fix fix() {
        return fix;
    }

    /**
     * @return the model the failure is about; empty when none
     */
    public String model() {
        return model;
    }
}
