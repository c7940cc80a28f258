package dev.mlops.core.registry;

/** A Model Manager operation that cannot be done; the message says why and what to do instead. */
public class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public RegistryException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying failure
     */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
