package dev.mlops.core.host;

/** How a call ended, as counted in {@code mlops_calls_total{outcome=…}}. */
enum Outcome {
    /** Answered with a prediction or training result. */
    OK,
    /** Refused: malformed JSON, missing input, input of the wrong shape. */
    CLIENT_ERROR,
    /** The model threw, or failed to initialize. */
    MODEL_ERROR,
    /** The model did not answer within the call timeout. */
    TIMEOUT;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Outcome of(int status) {
        if (status < 400) {
            return OK;
        }
        return status == 504 ? TIMEOUT : status < 500 ? CLIENT_ERROR : MODEL_ERROR;
    }
}
