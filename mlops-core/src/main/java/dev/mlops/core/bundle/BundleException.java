package dev.mlops.core.bundle;

/** A bundle that cannot be made or read; the message says which file and what to do. */
public class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public BundleException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying failure
     */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
