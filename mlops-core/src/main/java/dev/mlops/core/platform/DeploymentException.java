package dev.mlops.core.platform;

/** A deployment or rollback that failed; the message names the model, the step, and what still serves. */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what still serves
     */
    public DeploymentException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what still serves
     * @param cause   the underlying failure
     */
    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
