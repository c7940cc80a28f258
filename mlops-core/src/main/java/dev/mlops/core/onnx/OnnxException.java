package dev.mlops.core.onnx;

/**
 * An ONNX model that cannot be opened, does not fit its settings, or cannot answer a request; the message says what
 * and how to fix it.
 */
public class OnnxException extends Exception {

    private static final long serialVersionUID = 1L;

    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
