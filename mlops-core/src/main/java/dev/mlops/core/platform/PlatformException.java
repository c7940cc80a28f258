package dev.mlops.core.platform;

/** A platform that could not do what was asked: unreachable, refusing, or holding something unreadable. */
public class PlatformException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, in the platform's terms
     */
    public PlatformException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause   the underlying failure
     */
    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
