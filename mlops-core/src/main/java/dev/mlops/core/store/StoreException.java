package dev.mlops.core.store;

import java.io.IOException;

/**
 * A store that cannot do what was asked, with one sentence that names the store and what to check: wrong
 * credentials, a missing bucket, no permission, an endpoint that does not answer.
 */
public class StoreException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, where, and what to check
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, where, and what to check
     * @param cause   the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
