package dev.mlops.core.monitoring;

/** A drift report cannot be made: no reference, no logged calls, a column the settings name that is not there. */
public class DriftException extends Exception {

    public DriftException(String message) {
        super(message);
    }

    public DriftException(String message, Throwable cause) {
        super(message, cause);
    }
}
