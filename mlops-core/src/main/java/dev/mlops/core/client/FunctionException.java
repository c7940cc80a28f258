package dev.mlops.core.client;

/** A call a function answered with an error, or that could not be made; carries the HTTP status when there was one. */
public class FunctionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the HTTP status, or 0 when no answer came
     * @param message the function's {@code error_message}, or why the call could not be made
     */
    public FunctionException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * @return the HTTP status, or 0 when no answer came
     */
    public int status() {
        return status;
    }
}
