package dev.mlops.core.host;

/** A call that cannot be answered: the HTTP status and the message the caller gets. No stack trace is kept. */
final class CallFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    CallFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
