package dev.mlops.core.bundle;

/** A bundle that cannot be made or read; the message says which file and what to do. */
public class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What fixes a failure, for a front end to put in its own words. */
    public enum Fix {
        /** Nothing beyond what the message says. */
        NONE,
        /** Build the project first. */
        BUILD_FIRST,
        /** Make the artifact first, by training. */
        TRAIN_FIRST
    }

    private final Fix fix;

    /**
     * @param message what is wrong and how to fix it
     */
    public BundleException(String message) {
        this(message, Fix.NONE);
    }

    /**
     * @param message what is wrong, in neutral words
     * @param fix     what fixes it
     */
    public BundleException(String message, Fix fix) {
        super(message);
        this.fix = fix;
    }

    /**
     * @return what fixes the failure
     */
    public Fix fix() {
        return fix;
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying failure
     */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
        this.fix = Fix.NONE;
    }
}
