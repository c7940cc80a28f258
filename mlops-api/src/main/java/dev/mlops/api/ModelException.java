package dev.mlops.api;

/**
 * A failure the model reports itself: bad input it detected, an artifact it cannot read, a dependency that is down.
 * The message reaches the caller as the response's {@code error_message}, so write it for the caller; the stack
 * trace stays in the service's log.
 */
public class ModelException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for the caller
     */
    public ModelException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for the caller
     * @param cause   the underlying failure, logged by the service but not sent to the caller
     */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
