package dev.mlops.core.servicetest;

/** A service test that cannot run (a broken test file, a host that will not start); the message says why. */
public class ServiceTestException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and what to do
     */
    public ServiceTestException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and what to do
     * @param cause   the underlying failure
     */
    public ServiceTestException(String message, Throwable cause) {
        super(message, cause);
    }
}
