package dev.mlops.core.platform;

/** Asked about or to call a function while nothing serves on the platform (no host runs); nothing was started. */
public class NotServingException extends PlatformException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which platform does not serve
     */
    public NotServingException(String message) {
        super(message);
    }
}
